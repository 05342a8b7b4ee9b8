package dev.gantry.engine.api;

import dev.gantry.error.GantryException;

/** The store could not be read or written; the message names the store and what failed. */
public final class StoreException extends GantryException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return STORE_OR_INTERNAL;
    }
}

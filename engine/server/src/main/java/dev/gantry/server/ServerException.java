package dev.gantry.server;

import dev.gantry.error.GantryException;

/** The server cannot start as asked: a bind address without a token, a port in use, a bad token file. */
public final class ServerException extends GantryException {
    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }
}

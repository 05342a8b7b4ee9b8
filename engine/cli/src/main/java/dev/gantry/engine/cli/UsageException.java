package dev.gantry.engine.cli;

import dev.gantry.error.GantryException;

/** A command given something it cannot use: an unknown run, step or option value. Exit code 2. */
final class UsageException extends GantryException {
    UsageException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return INVALID_INPUT;
    }
}

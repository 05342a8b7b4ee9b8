package dev.gantry.engine.cli;

/** A command given something it cannot use: an unknown run, step or option value. Exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

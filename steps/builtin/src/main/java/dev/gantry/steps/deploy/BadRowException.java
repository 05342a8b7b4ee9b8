package dev.gantry.steps.deploy;

/**
 * A prediction request the server cannot use: the body is not JSON rows, or a row lacks a column
 * or has a value of the wrong kind. Its message goes to the client as it is, so it names the row
 * and column at fault and carries nothing of the server's insides.
 */
final class BadRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRowException(String message) {
        super(message);
    }
}

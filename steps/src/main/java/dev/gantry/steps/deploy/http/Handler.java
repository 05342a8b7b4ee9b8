package dev.gantry.steps.deploy.http;

/**
 * Answers one request. A handler that throws is answered with a 500 whose message says nothing
 * of the failure; the server logs the failure in full.
 */
@FunctionalInterface
public interface Handler {
    /** Returns the answer to the request. */
    Response handle(Request request);
}

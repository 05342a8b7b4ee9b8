package dev.gantry.steps.deploy.http;

import java.io.IOException;

/** A request that cannot be read: the status and the message its answer carries. */
final class HttpFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

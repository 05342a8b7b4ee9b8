package dev.gantry.server.internal.http;

/** A request the server answers with an error status and a message for the client. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 404 with {@code message}. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 400 with {@code message}. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 409 with {@code message}. */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public int status() {
        return status;
    }
}

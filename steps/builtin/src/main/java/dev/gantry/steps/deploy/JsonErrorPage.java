package dev.gantry.steps.deploy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it refuses before any handler sees it (a malformed request line,
 * headers over the limit, a broken chunk): JSON like every other answer, with a fixed message
 * per status, never Jetty's own reason, exception, stack trace or version.
 */
final class JsonErrorPage extends ErrorHandler {
    /** The most bytes the request line and the headers may take together. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    JsonErrorPage() {
        setShowStacks(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(Request request, org.eclipse.jetty.server.Response response, int code,
            String message, Throwable cause, Callback callback) {
        byte[] body = Response.error(code, messageFor(code)).body();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Returns what a client is told for a status that Jetty answers itself. */
    static String messageFor(int status) {
        switch (status) {
            case 400:
                return "the request is not valid HTTP/1.1: it needs the line 'METHOD /PATH HTTP/1.1', a Host header,"
                        + " headers as 'NAME: VALUE', and a body framed by Content-Length or chunked Transfer-Encoding,"
                        + " not both";
            case 408:
                return "the request did not arrive in time, so the connection is closed";
            case 413:
                return "the request body is larger than the server's limit";
            case 431:
                return "the request line and headers are larger than the limit of " + MAX_HEAD_BYTES + " bytes";
            case 501:
                return "the request asks for what the server does not implement";
            case 505:
                return "the server speaks HTTP/1.1 (and 1.0) only";
            default:
                return "the server could not answer this request (HTTP " + status + ")";
        }
    }
}

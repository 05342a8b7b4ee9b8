package dev.gantry.steps.deploy.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as read from a client, its body complete.
 *
 * @param method the method, such as {@code POST}
 * @param path the raw path of the target, such as {@code /predict}
 * @param query the raw query, without {@code ?}, if the target has one
 * @param headers the headers by lower-case name; repeated headers are joined with {@code ", "}
 * @param body the body; empty when there is none
 */
public record Request(String method, String path, Optional<String> query, Map<String, String> headers, byte[] body) {
    /** Makes the request. */
    public Request {
        headers = Map.copyOf(headers);
    }

    /** Returns a header by its name, in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}

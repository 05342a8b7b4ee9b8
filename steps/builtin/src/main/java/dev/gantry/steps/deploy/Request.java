package dev.gantry.steps.deploy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to a {@link JsonServer}, its body complete.
 *
 * @param method the method, such as {@code POST}
 * @param path the raw path of the target, such as {@code /predict}
 * @param query the raw query, without {@code ?}, if the target has one
 * @param headers the headers by lower-case name; repeated headers are joined with {@code ", "}
 * @param body the body; empty when there is none
 */
record Request(String method, String path, Optional<String> query, Map<String, String> headers, byte[] body) {
    /** Makes the request. */
    Request {
        headers = Map.copyOf(headers);
    }

    /** Returns a header by its name, in any case. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}

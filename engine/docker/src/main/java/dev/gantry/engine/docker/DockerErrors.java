package dev.gantry.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;

/** The daemon's own words from a docker-java error, without the HTTP status and JSON around them. */
final class DockerErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {}

    /** {@code No such image: x} from {@code Status 404: {"message":"No such image: x"}}. */
    static String message(Throwable e) {
        if (e instanceof DockerException d && d.getMessage() != null) {
            String text = d.getMessage();
            int brace = text.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode body = JSON.readTree(text.substring(brace));
                    if (body.hasNonNull("message")) {
                        return body.get("message").asText().strip();
                    }
                } catch (IOException notJson) {
                    // Fall through to the text as it is.
                }
            }
            return text.strip();
        }
        return DockerDaemon.rootMessage(e);
    }
}

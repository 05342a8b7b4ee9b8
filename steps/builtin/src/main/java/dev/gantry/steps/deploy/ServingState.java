package dev.gantry.steps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small JSON files through which the deploy step, the prediction servers and the front
 * proxy find each other, all in the model's serving folder:
 *
 * <ul>
 *   <li>{@code current.json}: the backend the proxy forwards to. Replacing it (write beside,
 *       then rename) is the switch from one version to the next: a reader sees the old file or
 *       the new one, never a mix.
 *   <li>{@code proxy.json}: the front proxy's address and process.
 *   <li>a ready file per started server, written by the server once it listens.
 * </ul>
 */
final class ServingState {
    /** Where a server listens and which process it is. */
    record Endpoint(String version, String host, int port, long pid) {
        String url() {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", version);
            json.put("host", host);
            json.put("port", port);
            json.put("pid", pid);
            return json;
        }

        static Endpoint fromJson(JsonNode node) {
            return new Endpoint(node.path("version").asText(), node.path("host").asText("127.0.0.1"),
                    node.path("port").asInt(), node.path("pid").asLong());
        }
    }

    private final Path folder;

    ServingState(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    Path currentFile() {
        return folder.resolve("current.json");
    }

    Path proxyFile() {
        return folder.resolve("proxy.json");
    }

    /** Returns the backend the proxy forwards to, if one is set and readable. */
    Optional<Endpoint> current() {
        return read(currentFile());
    }

    /** Returns the proxy's endpoint, if one was started. */
    Optional<Endpoint> proxy() {
        return read(proxyFile());
    }

    /** Reads an endpoint file; a missing or half-written file reads as empty. */
    static Optional<Endpoint> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Endpoint.fromJson(Json.mapper().readTree(file.toFile())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces an endpoint file in one rename. */
    static void write(Path file, Endpoint endpoint) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        Files.writeString(partial, Json.toString(endpoint.toJson()) + "\n");
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

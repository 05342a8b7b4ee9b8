package dev.gantry.server;

import dev.gantry.engine.api.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code gantry server} runs.
 *
 * @param store the store it serves
 * @param bind the address it listens on; anything but loopback needs a token
 * @param port the port, or 0 for any free one
 * @param token the token every request must carry, when set
 * @param pipelines pipeline files, or directories of them, that the UI and API may start
 * @param schedules pipeline files, or directories of them, whose schedules the server runs; they
 *     may be started too
 * @param poll how often the schedule files are checked for changes
 */
public record ServerSettings(
        StoreLocation store,
        String bind,
        int port,
        Optional<String> token,
        List<Path> pipelines,
        List<Path> schedules,
        Duration poll) {
    /** The port the server listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8765;
    /** The address it listens on unless told otherwise: this machine only. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    public ServerSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
        pipelines = List.copyOf(pipelines);
        schedules = List.copyOf(schedules);
        Objects.requireNonNull(poll, "poll");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
    }

    /** The defaults for serving {@code store}: loopback, port 8765, no token, nothing to start or schedule. */
    public static ServerSettings of(StoreLocation store) {
        return new ServerSettings(store, DEFAULT_BIND, DEFAULT_PORT, Optional.empty(), List.of(), List.of(),
                Duration.ofSeconds(2));
    }

    public ServerSettings withBind(String value) {
        return new ServerSettings(store, value, port, token, pipelines, schedules, poll);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(store, bind, value, token, pipelines, schedules, poll);
    }

    public ServerSettings withToken(String value) {
        return new ServerSettings(store, bind, port, Optional.of(value), pipelines, schedules, poll);
    }

    public ServerSettings withPipelines(List<Path> value) {
        return new ServerSettings(store, bind, port, token, value, schedules, poll);
    }

    public ServerSettings withSchedules(List<Path> value) {
        return new ServerSettings(store, bind, port, token, pipelines, value, poll);
    }

    public ServerSettings withPoll(Duration value) {
        return new ServerSettings(store, bind, port, token, pipelines, schedules, value);
    }
}

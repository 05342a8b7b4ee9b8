package dev.gantry.engine.docker;

import dev.gantry.settings.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Docker executor runs containers. Immutable; each {@code with} method returns a
 * changed copy. The daemon is the one {@code DOCKER_HOST} names, else the default socket.
 *
 * @param user the {@code uid:gid} containers run as. Default: the invoking user's, so the
 *     outputs a step writes belong to whoever ran Gantry, not to root
 * @param stopGrace how long a container that is stopped (timeout, Ctrl-C) has to exit after
 *     SIGTERM before it is killed. Default: 5 seconds
 * @param progress where image pulls and builds report progress. Default: standard error
 * @param terminal whether {@code progress} is a terminal, which gets one updating line per pull
 *     instead of a line per event. Default: whether this process has a console
 */
public record DockerSettings(Optional<String> user, Duration stopGrace, PrintStream progress, boolean terminal) {
    public DockerSettings {
        user.ifPresent(u -> {
            if (!u.matches("\\d+(:\\d+)?")) {
                throw new IllegalArgumentException("user must be UID or UID:GID in numbers, was '" + u + "'");
            }
        });
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
        }
    }

    /** Every default. */
    public static DockerSettings defaults() {
        return new DockerSettings(Users.invoking(), Duration.ofSeconds(5), System.err, System.console() != null);
    }

    /**
     * The defaults, changed by what {@code settings} ({@code executors: {docker: {...}}} in
     * {@code gantry.yaml}) says: {@code user} ({@code UID} or {@code UID:GID}) and
     * {@code stopGrace} (a duration).
     *
     * @throws dev.gantry.settings.InvalidSettingsException listing what is wrong with them
     */
    public static DockerSettings from(Settings settings) {
        settings.allowOnly("user", "stopGrace");
        DockerSettings docker = defaults();
        Optional<String> user = settings.text("user");
        if (user.isPresent() && !user.get().matches("\\d+(:\\d+)?")) {
            settings.problem("user", "expected UID or UID:GID in numbers for 'user' in " + settings.context()
                    + ", got '" + user.get() + "'");
        } else if (user.isPresent()) {
            docker = docker.withUser(user.get());
        }
        Optional<Duration> grace = settings.duration("stopGrace");
        settings.check();
        return grace.map(docker::withStopGrace).orElse(docker);
    }

    /** Runs containers as {@code uidGid}, such as {@code 1000:1000}. */
    public DockerSettings withUser(String uidGid) {
        return new DockerSettings(Optional.of(uidGid), stopGrace, progress, terminal);
    }

    public DockerSettings withStopGrace(Duration value) {
        return new DockerSettings(user, value, progress, terminal);
    }

    public DockerSettings withProgress(PrintStream out, boolean isTerminal) {
        return new DockerSettings(user, stopGrace, out, isTerminal);
    }
}

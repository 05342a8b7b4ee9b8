package dev.gantry.engine.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A step's host process, writing straight into its log file, which a {@link LogFollower} streams. */
final class LocalProcess implements RunningStep {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    private final Process process;
    private final Path log;
    private final LogFollower follower;

    LocalProcess(Process process, Path log, LogFollower follower) {
        this.process = process;
        this.log = log;
        this.follower = follower;
    }

    @Override
    public Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
        if (timeout.isPresent()) {
            if (!process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } else {
            process.waitFor();
        }
        follower.finish(log);
        return Optional.of(process.exitValue());
    }

    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            follower.finish(log);
        }
    }

    static LocalProcess start(ProcessBuilder builder, Path log, Consumer<String> lines, LogFollower follower)
            throws IOException {
        // Steps read no input: a step that tries gets end-of-file, not a hang. Its output and
        // errors both append to the log, through two descriptors rather than one shared: for a
        // shared one the JDK would also make, and later drain, a pipe that nothing writes to.
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        builder.redirectInput(NO_INPUT).redirectOutput(toLog).redirectError(toLog);
        Process process = builder.start();
        follower.follow(log, lines);
        return new LocalProcess(process, log, follower);
    }
}

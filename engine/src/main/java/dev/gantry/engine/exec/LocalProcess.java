package dev.gantry.engine.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A step's host process, writing straight into its log file, which a {@link LogFollower} streams. */
final class LocalProcess implements RunningStep {
    private static final Duration GRACE = Duration.ofSeconds(5);

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
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        // Steps read no input: closing stdin gives a step that tries end-of-file, not a hang.
        process.getOutputStream().close();
        follower.follow(log, lines);
        return new LocalProcess(process, log, follower);
    }
}

package dev.gantry.engine.exec;

import dev.gantry.engine.secret.SecretMask;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A step's host process, writing straight into its log file, which a {@link LogFollower} streams;
 * a step with secrets writes through a {@link MaskingPump} instead, so no value reaches the file.
 */
final class LocalProcess implements RunningStep {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));
    /** How long the masked output may trail the process's exit, when something it started still holds the pipe. */
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final LogFollower follower;
    private final Optional<Thread> pump;

    LocalProcess(Process process, Path log, LogFollower follower, Optional<Thread> pump) {
        this.process = process;
        this.log = log;
        this.follower = follower;
        this.pump = pump;
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
        drainPump();
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
            drainPump();
            follower.finish(log);
        }
    }

    /** Waits for the masked output to reach the log, so the follower sees all of it. */
    private void drainPump() {
        if (pump.isPresent()) {
            try {
                pump.get().join(PUMP_DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static LocalProcess start(ProcessBuilder builder, Path log, Consumer<String> lines, LogFollower follower)
            throws IOException {
        return start(builder, log, lines, follower, SecretMask.NONE);
    }

    /**
     * Starts the process; with secret values to mask, its output and errors go through one pipe
     * and a {@link MaskingPump} into the log, never straight to the file.
     */
    static LocalProcess start(ProcessBuilder builder, Path log, Consumer<String> lines, LogFollower follower,
            SecretMask mask) throws IOException {
        if (!mask.isEmpty()) {
            builder.redirectInput(NO_INPUT).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
            // The log exists from the start, as it does when the process writes it directly.
            Files.write(log, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            Thread pump = MaskingPump.start(process.getInputStream(), log, mask, log.getFileName().toString());
            follower.follow(log, lines);
            return new LocalProcess(process, log, follower, Optional.of(pump));
        }
        // Steps read no input: a step that tries gets end-of-file, not a hang. Its output and
        // errors both append to the log, through two descriptors rather than one shared: for a
        // shared one the JDK would also make, and later drain, a pipe that nothing writes to.
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        builder.redirectInput(NO_INPUT).redirectOutput(toLog).redirectError(toLog);
        Process process = builder.start();
        follower.follow(log, lines);
        return new LocalProcess(process, log, follower, Optional.empty());
    }
}

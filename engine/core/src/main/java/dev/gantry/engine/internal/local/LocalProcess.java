package dev.gantry.engine.internal.local;

import dev.gantry.engine.spi.HostProcess;
import dev.gantry.engine.spi.LogFileFollower;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.SecretMask;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step's host process, writing straight into its log file, which a {@link LogFileFollower} streams;
 * a step with secrets writes through a {@link MaskingPump} instead, so no value reaches the file.
 * However the attempt ends, every process it started ends with it: when its own process exits,
 * the children it left running are stopped before {@link #waitFor} returns, so nothing writes
 * to its outputs while they are committed; a timeout or a cancelled run stops all of them.
 */
final class LocalProcess implements RunningStep {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));
    /** How long the masked output may trail the process's exit, when something it started still holds the pipe. */
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(10);

    private final Process process;
    private final AttemptProcesses processes;
    private final AttemptToken token;
    private final Path log;
    private final Consumer<String> lines;
    private final LogFileFollower follower;
    private final Optional<Thread> pump;

    private LocalProcess(Process process, AttemptProcesses processes, AttemptToken token, Path log,
            Consumer<String> lines, LogFileFollower follower, Optional<Thread> pump) {
        this.process = process;
        this.processes = processes;
        this.token = token;
        this.log = log;
        this.lines = lines;
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
        processes.mainReaped();
        Set<Long> leftRunning = processes.end(GRACE, describe());
        drainPump();
        follower.finish(log);
        if (!leftRunning.isEmpty()) {
            lines.accept("[gantry] stopped " + leftRunning.size() + (leftRunning.size() == 1 ? " process" : " processes")
                    + " that the step left running (pid " + join(leftRunning) + ")");
        }
        return Optional.of(process.exitValue());
    }

    @Override
    public void kill() {
        try {
            processes.end(GRACE, describe());
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            LOG.debug("interrupted while stopping {}; killing its own process (pid {}) at once", describe(),
                    process.pid());
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            drainPump();
            follower.finish(log);
        }
    }

    @Override
    public Optional<HostProcess> hostProcess() {
        return Optional.of(new HostProcess(processes.main().pid(), processes.main().startTicks(), token.value()));
    }

    /** Waits for the masked output to reach the log, so the follower sees all of it. */
    private void drainPump() {
        if (pump.isPresent()) {
            try {
                pump.get().join(PUMP_DRAIN.toMillis());
                if (pump.get().isAlive()) {
                    LOG.warn("the masked output of {} still flows {} s after it ended; its log {} may lack the rest",
                            describe(), PUMP_DRAIN.toSeconds(), log);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The attempt, for the log: {@code step 'train' of run R, attempt 1}. */
    private String describe() {
        return "step '" + token.step() + "' of run " + token.runId() + ", attempt " + token.attempt();
    }

    private static String join(Set<Long> pids) {
        StringBuilder text = new StringBuilder();
        for (long pid : pids) {
            text.append(text.length() == 0 ? "" : ", ").append(pid);
        }
        return text.toString();
    }

    /**
     * Starts the attempt. With secret values to mask, its output and errors go through one pipe
     * and a {@link MaskingPump} into the log, never straight to the file.
     *
     * @param ownSession whether the command starts a session of its own ({@code setsid})
     */
    static LocalProcess start(ProcessBuilder builder, AttemptToken token, boolean ownSession, Path log,
            Consumer<String> lines, LogFileFollower follower, SecretMask mask) throws IOException {
        Optional<Thread> pump = Optional.empty();
        Process process;
        if (!mask.isEmpty()) {
            builder.redirectInput(NO_INPUT).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
            // The log exists from the start, as it does when the process writes it directly.
            Files.write(log, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            pump = Optional.of(MaskingPump.start(process.getInputStream(), log, mask, log.getFileName().toString()));
        } else {
            // Steps read no input: a step that tries gets end-of-file, not a hang. Its output and
            // errors both append to the log, through two descriptors rather than one shared: for a
            // shared one the JDK would also make, and later drain, a pipe that nothing writes to.
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            builder.redirectInput(NO_INPUT).redirectOutput(toLog).redirectError(toLog);
            process = builder.start();
        }
        ProcessIdentity main = ProcessIdentity.of(process.pid());
        follower.follow(log, lines);
        return new LocalProcess(process, new AttemptProcesses(main, ownSession, token.value()), token, log, lines,
                follower, pump);
    }
}

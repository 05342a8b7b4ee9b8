package dev.gantry.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.WaitResponse;
import dev.gantry.engine.spi.ExitReason;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.MemorySize;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's container, from start to removal: its output streams to the log and the
 * console, its exit is awaited, an OOM kill is told apart from a plain exit code, and the
 * container is removed when the attempt is over, however it ends.
 */
final class DockerContainer implements RunningStep {
    private static final Logger LOG = LoggerFactory.getLogger(DockerContainer.class);
    /** How long the output may trail the container's exit before the log is closed. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    /** The exit code reported when the daemon cannot say: the container is gone. */
    private static final int LOST = 125;

    private final DockerDaemon daemon;
    private final String id;
    /** The attempt and its container, for the log. */
    private final String what;
    private final Optional<MemorySize> memoryLimit;
    private final Duration stopGrace;
    private final LogStream logs;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean removed = new AtomicBoolean();
    private volatile boolean killed;
    private volatile Optional<ExitReason> failureReason = Optional.empty();

    private DockerContainer(DockerDaemon daemon, String id, StepLaunch launch, Duration stopGrace, LogStream logs) {
        this.daemon = daemon;
        this.id = id;
        this.what = describe(launch, id);
        this.memoryLimit = launch.resources().memory();
        this.stopGrace = stopGrace;
        this.logs = logs;
    }

    /**
     * Creates and starts the container, gives it its secret files, and starts streaming its output.
     *
     * @throws IOException naming the step when the daemon refuses; no container is left behind
     */
    static DockerContainer start(DockerDaemon daemon, CreateContainerCmd create, StepLaunch launch,
            Duration stopGrace) throws IOException {
        String step = launch.step().name();
        String id;
        try {
            id = create.exec().getId();
        } catch (RuntimeException e) {
            // The daemon, not the step: it may do better on another try.
            throw new dev.gantry.engine.spi.ExecutionException(FailureKind.INFRASTRUCTURE,
                    "step '" + step + "': Docker cannot create its container: " + DockerErrors.message(e));
        }
        try {
            daemon.client.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            removeQuietly(daemon, id, describe(launch, id));
            throw new IOException(StartFailures.describe(launch, DockerErrors.message(e)), e);
        }
        LogStream logs;
        try {
            logs = new LogStream(launch.log(), launch.output(), launch.secrets().mask());
        } catch (IOException e) {
            new DockerContainer(daemon, id, launch, stopGrace, null).kill();
            throw new IOException("step '" + step + "': cannot write its log " + launch.log() + ": " + e.getMessage(), e);
        }
        DockerContainer container = new DockerContainer(daemon, id, launch, stopGrace, logs);
        try {
            SecretFiles.writeInto(daemon, id, launch.secrets());
        } catch (IOException | RuntimeException e) {
            container.kill();
            throw new IOException("step '" + step + "': cannot give its container its secret files: "
                    + DockerErrors.message(e), e);
        }
        LOG.debug("started {}", container.what);
        daemon.client.logContainerCmd(id).withFollowStream(true).withStdOut(true).withStdErr(true).exec(logs);
        daemon.client.waitContainerCmd(id).exec(new ResultCallback.Adapter<WaitResponse>() {
            @Override
            public void onNext(WaitResponse response) {
                container.exit.complete(response.getStatusCode());
            }

            @Override
            public void onError(Throwable error) {
                container.exit.completeExceptionally(error);
                super.onError(error);
            }

            @Override
            public void onComplete() {
                container.exit.completeExceptionally(new IllegalStateException("the wait ended without a status"));
                super.onComplete();
            }
        });
        return container;
    }

    @Override
    public Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
        int code;
        try {
            code = timeout.isPresent() ? exit.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : exit.get();
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            LOG.debug("lost the wait for {}", what, e.getCause());
            code = LOST;
            if (!killed) {
                failureReason = Optional.of(new ExitReason(FailureKind.INFRASTRUCTURE,
                        "the Docker daemon lost its container: " + DockerErrors.message(e.getCause())));
            }
        }
        logs.awaitEnd(LOG_DRAIN);
        if (code != 0 && !killed && failureReason.isEmpty()) {
            failureReason = describeExit(code);
        }
        remove();
        return Optional.of(code);
    }

    /** {@code out of memory (limit 512m)} when the kernel killed the container for its memory. */
    private Optional<ExitReason> describeExit(int code) {
        try {
            InspectContainerResponse.ContainerState state = daemon.client.inspectContainerCmd(id).exec().getState();
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return Optional.of(new ExitReason(FailureKind.OUT_OF_MEMORY,
                        "out of memory" + memoryLimit.map(m -> " (limit " + m + ")").orElse("")));
            }
        } catch (RuntimeException e) {
            // The exit code alone will do.
            LOG.debug("cannot inspect {} after it exited with code {}: {}", what, code, DockerErrors.message(e));
        }
        return Optional.empty();
    }

    @Override
    public Optional<ExitReason> failureReason() {
        return failureReason;
    }

    @Override
    public void kill() {
        killed = true;
        try {
            daemon.client.stopContainerCmd(id).withTimeout((int) Math.max(0, stopGrace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            // Nothing left to stop.
        } catch (RuntimeException e) {
            // Removing with force kills it below.
            LOG.debug("cannot stop {} ({}); removing it with force", what, DockerErrors.message(e));
        }
        if (logs != null) {
            logs.awaitEnd(Duration.ofSeconds(1));
        }
        remove();
    }

    private void remove() {
        if (removed.compareAndSet(false, true)) {
            removeQuietly(daemon, id, what);
        }
    }

    /**
     * Removes a container, killing it first if it runs; one already gone is fine.
     *
     * @param what the container, for the log, such as {@code step 'train' of run R, attempt 1 (container ID)}
     */
    static void removeQuietly(DockerDaemon daemon, String id, String what) {
        try {
            daemon.client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            LOG.debug("removed {}", what);
        } catch (NotFoundException gone) {
            // Removed already.
        } catch (RuntimeException e) {
            // Left for 'gantry cleanup', which finds it by its labels.
            LOG.warn("cannot remove {}: {}; 'gantry cleanup' removes it once this engine has ended", what,
                    DockerErrors.message(e));
        }
    }

    /** {@code step 'train' of run R, attempt 1 (container 0123456789ab)}. */
    private static String describe(StepLaunch launch, String id) {
        return "step '" + launch.step().name() + "' of run " + launch.runId() + ", attempt " + launch.attempt()
                + " (container " + shortId(id) + ")";
    }

    /** The first 12 characters of a container's ID, as {@code docker ps} shows it. */
    static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }
}

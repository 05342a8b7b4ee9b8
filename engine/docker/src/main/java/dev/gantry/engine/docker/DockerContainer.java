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

/**
 * One attempt's container, from start to removal: its output streams to the log and the
 * console, its exit is awaited, an OOM kill is told apart from a plain exit code, and the
 * container is removed when the attempt is over, however it ends.
 */
final class DockerContainer implements RunningStep {
    /** How long the output may trail the container's exit before the log is closed. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    /** The exit code reported when the daemon cannot say: the container is gone. */
    private static final int LOST = 125;

    private final DockerDaemon daemon;
    private final String id;
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
            removeQuietly(daemon, id);
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
        }
        if (logs != null) {
            logs.awaitEnd(Duration.ofSeconds(1));
        }
        remove();
    }

    private void remove() {
        if (removed.compareAndSet(false, true)) {
            removeQuietly(daemon, id);
        }
    }

    /** Removes a container, killing it first if it runs; one already gone is fine. */
    static void removeQuietly(DockerDaemon daemon, String id) {
        try {
            daemon.client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // Removed already.
        } catch (RuntimeException e) {
            // Left for 'gantry cleanup', which finds it by its labels.
        }
    }
}

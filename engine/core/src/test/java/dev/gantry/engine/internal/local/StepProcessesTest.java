package dev.gantry.engine.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunListener;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.run.RunEngine;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.spec.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every process a local step starts ends with the step, however the step ends: a background
 * grandchild, a child in a session of its own, and a daemon that forked twice into another
 * session, which only its attempt token gives away. Real processes, real {@code setsid}.
 */
class StepProcessesTest {
    /** Three processes that outlive the shell that starts them, each writing its pid to a file. */
    private static final String SPAWN = "(sleep 300 & echo $! > grandchild.pid); "
            + "setsid sleep 300 & echo $! > session.pid; "
            + "setsid sh -c 'sleep 300 & echo $! > daemon.pid'; ";
    private static final List<String> PID_FILES = List.of("grandchild.pid", "session.pid", "daemon.pid");

    @TempDir
    Path dir;

    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private RunResult run(StepExecutor executor, Pipeline p, Consumer<RunEngine> whileRunning) throws Exception {
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            RunEngine engine = new RunEngine(store, executor);
            RunListener listener = new RunListener() {
                @Override
                public void stepOutput(String step, String line) {
                    output.add(line);
                }
            };
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> engine.run(p.build(),
                    RunOptions.defaults().withBaseDir(dir).withListener(listener)));
            whileRunning.accept(engine);
            return running.get(60, TimeUnit.SECONDS);
        }
    }

    private StepResult runStep(String script, Consumer<StepBuilder> more, Consumer<RunEngine> whileRunning)
            throws Exception {
        Pipeline p = Pipeline.named("leftovers");
        StepBuilder step = p.step("spawn").command("sh", "-c", SPAWN + script);
        more.accept(step);
        return run(new LocalExecutor(), p, whileRunning).step("spawn").orElseThrow();
    }

    private List<Long> pids() throws Exception {
        List<Long> pids = new java.util.ArrayList<>();
        for (String file : PID_FILES) {
            Path path = dir.resolve(file);
            if (Files.exists(path) && !Files.readString(path).isBlank()) {
                pids.add(Long.parseLong(Files.readString(path).trim()));
            }
        }
        return pids;
    }

    /** Whether {@code pid} runs: it is listed, and not a zombie waiting for whoever adopted it. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void assertAllThreeEnded() throws Exception {
        List<Long> pids = pids();
        assertThat(pids).hasSize(3);
        assertThat(pids).noneMatch(StepProcessesTest::running);
    }

    @Test
    void processesLeftRunningBySucceededStepEndBeforeItsOutputsAreCommitted() throws Exception {
        StepResult step = runStep("echo done > ${outputs.o}", s -> s.output("o", ArtifactType.FILE), e -> {});

        assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertAllThreeEnded();
        String said = output.get(output.size() - 1);
        assertThat(said).startsWith("[gantry] stopped 3 processes that the step left running (pid ").endsWith(")");
        assertThat(said.substring(said.indexOf("(pid ") + 5, said.length() - 1).split(", "))
                .containsExactlyInAnyOrderElementsOf(pids().stream().map(String::valueOf).toList());
    }

    @Test
    void childStillHoldingAnOutputOpenCannotWriteToItOnceCommitted() throws Exception {
        Pipeline p = Pipeline.named("late-writer");
        p.step("write").command("sh", "-c", "exec 3>> ${outputs.o}; (sleep 0.5; echo late >&3) & echo done >&3")
                .output("o", ArtifactType.FILE);
        RunResult result = run(new LocalExecutor(), p, e -> {});
        Thread.sleep(1000);

        Path stored = result.step("write").orElseThrow().outputs().get("o").path();
        assertThat(stored).hasContent("done");
    }

    @Test
    void processesOfFailedStepEnd() throws Exception {
        StepResult step = runStep("exit 3", s -> {}, e -> {});

        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.message()).contains("exit code 3");
        assertAllThreeEnded();
    }

    @Test
    void processesOfTimedOutStepEnd() throws Exception {
        StepResult step = runStep("sleep 300", s -> s.timeout("1s"), e -> {});

        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.message()).contains("timed out after 1s");
        assertAllThreeEnded();
    }

    @Test
    void processesOfCancelledStepEnd() throws Exception {
        Path started = dir.resolve("started");
        StepResult step = runStep("touch started; sleep 300", s -> {}, engine -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.exists(started) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.cancel();
        });

        assertThat(step.status()).isEqualTo(StepStatus.CANCELLED);
        assertAllThreeEnded();
    }

    @Test
    void withoutSetsidTheStepIsToldAndItsProcessesStillEnd() throws Exception {
        Pipeline p = Pipeline.named("no-setsid");
        p.step("spawn").command("sh", "-c", SPAWN + "exit 0");
        RunResult result = run(new LocalExecutor(Optional.of(dir.resolve("empty").toString())), p, e -> {});

        assertThat(result.step("spawn").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(output.get(0)).isEqualTo("[gantry] setsid (from util-linux) is not on the engine's PATH, so steps"
                + " run in the engine's own process group; the processes a step starts are still found by their"
                + " parent and by GANTRY_ATTEMPT_TOKEN, and stopped with it");
        assertAllThreeEnded();
    }

    @Test
    void stepRunsInASessionOfItsOwnUnderItsOwnPid() throws Exception {
        Pipeline p = Pipeline.named("session");
        p.step("own").command("sh", "-c", "echo $$ > own.pid; cut -d' ' -f6 /proc/$$/stat > own.session");
        RunResult result = run(new LocalExecutor(), p, e -> {});

        assertThat(result.step("own").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(dir.resolve("own.session"))).isEqualTo(Files.readString(dir.resolve("own.pid")));
    }
}

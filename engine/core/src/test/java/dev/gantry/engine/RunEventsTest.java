package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners subscribed to a {@link Gantry} hear every run it makes, as records, in order. */
class RunEventsTest {
    @TempDir
    Path dir;

    private final List<RunEvent> heard = new CopyOnWriteArrayList<>();

    private static Pipeline greeting() {
        Pipeline p = Pipeline.named("greeting");
        p.step("greet").command("sh", "-c", "echo hello; echo hello > ${outputs.message}")
                .output("message", ArtifactType.FILE);
        return p;
    }

    @Test
    void aListenerSubscribedToTheEngineHearsARunThatHasNoListenerOfItsOwn() {
        Instant before = Instant.now();
        RunResult result;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            gantry.subscribe(heard::add);
            result = gantry.run(greeting().build(), RunOptions.defaults().withBaseDir(dir));
        }
        Instant after = Instant.now();

        assertThat(heard).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RunStarted", "StepStarted", "StepOutput", "OutputsCommitted", "StepFinished",
                        "RunFinished");
        assertThat(heard).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo(result.runId());
            assertThat(e.pipeline()).isEqualTo("greeting");
            assertThat(e.at()).isBetween(before, after);
        });
        assertThat(((RunEvent.RunStarted) heard.get(0)).steps()).containsExactly("greet");
        assertThat(((RunEvent.StepOutput) heard.get(2)).line()).isEqualTo("hello");
        RunEvent.OutputsCommitted committed = (RunEvent.OutputsCommitted) heard.get(3);
        assertThat(committed.step()).isEqualTo("greet");
        assertThat(committed.bytes()).isEqualTo("hello\n".length());
        assertThat(committed.duration()).isPositive();
        assertThat(((RunEvent.StepFinished) heard.get(4)).result()).isEqualTo(result.step("greet").orElseThrow());
        assertThat(((RunEvent.RunFinished) heard.get(5)).result()).isEqualTo(result);
    }

    @Test
    void eachStepsEventsArriveInOrderAndAFailedStepSaysWhatKindOfFailureEndedIt() {
        Pipeline p = Pipeline.named("training");
        StepBuilder prepare = p.step("prepare")
                .command("sh", "-c", "echo reading; echo rows > ${outputs.rows}; echo done reading")
                .output("rows", ArtifactType.FILE);
        p.step("train").command("sh", "-c", "echo training; exit 3").input("rows", prepare.out("rows"))
                .retry(2, "10ms");
        p.step("report").command("sh", "-c", "echo report").input("rows", prepare.out("rows"));
        RunResult result;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            gantry.subscribe(heard::add);
            result = gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir).withKeepGoing(true).withParallel(2));
        }

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(heard.get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(heard.get(heard.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(heard).filteredOn(e -> e instanceof RunEvent.RunStarted || e instanceof RunEvent.RunFinished)
                .hasSize(2);
        assertThat(stepEvents("prepare"))
                .containsExactly("started 1/1", "output reading", "output done reading", "committed 5 bytes",
                        "finished succeeded");
        assertThat(stepEvents("train")).containsExactly("started 1/2", "output training", "retrying after 1: exit code 3",
                "started 2/2", "output training", "finished failed");
        assertThat(stepEvents("report")).containsExactly("started 1/1", "output report", "finished succeeded");
        // The steps after the first start only once it is over.
        int prepared = heard.indexOf(finished("prepare"));
        assertThat(heard.indexOf(started("train"))).isGreaterThan(prepared);
        assertThat(heard.indexOf(started("report"))).isGreaterThan(prepared);

        StepFailure failure = finished("train").result().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(failure.exitCode()).contains(3);
        assertThat(failure.message()).isEqualTo("exit code 3 (attempt 2 of 2)");
        assertThat(failure.logTail()).containsExactly("training");
        assertThat(failure.log()).contains(result.runDir().resolve("train/attempt-2.log"));
    }

    @Test
    void aNoticeCarriesTheRunItIsAbout() throws Exception {
        RunOptions options = RunOptions.defaults().withBaseDir(dir).withVerifyCache(true);
        RunResult again;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            Path object = gantry.run(greeting().build(), options).step("greet").orElseThrow().outputs().get("message")
                    .path();
            object.toFile().setWritable(true, true);
            Files.writeString(object, "evil\n");
            gantry.subscribe(heard::add);
            again = gantry.run(greeting().build(), options);
        }

        RunEvent.Notice notice = (RunEvent.Notice) heard.stream().filter(e -> e instanceof RunEvent.Notice)
                .findFirst().orElseThrow();
        assertThat(notice.runId()).isEqualTo(again.runId());
        assertThat(notice.pipeline()).isEqualTo("greeting");
        assertThat(notice.message()).startsWith("output 'message' of step 'greet' (cached from run ")
                .endsWith(", and the step runs again");
        assertThat(heard.indexOf(notice)).isGreaterThan(0).isLessThan(heard.indexOf(started("greet")));
        assertThat(again.step("greet").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void theRunsOwnListenerHearsEachEventBeforeTheEnginesListeners() {
        List<String> order = new CopyOnWriteArrayList<>();
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            gantry.subscribe(e -> order.add("engine " + e.getClass().getSimpleName()));
            gantry.run(greeting().build(), RunOptions.defaults().withBaseDir(dir)
                    .withListener(e -> order.add("own " + e.getClass().getSimpleName())));
        }

        assertThat(order).containsExactly("own RunStarted", "engine RunStarted", "own StepStarted", "engine StepStarted",
                "own StepOutput", "engine StepOutput", "own OutputsCommitted", "engine OutputsCommitted",
                "own StepFinished", "engine StepFinished", "own RunFinished", "engine RunFinished");
    }

    @Test
    void aClosedSubscriptionHearsNoLaterRun() {
        List<RunEvent> other = new CopyOnWriteArrayList<>();
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            RunEvents.Subscription subscription = gantry.subscribe(heard::add);
            gantry.subscribe(other::add);
            gantry.run(greeting().build(), RunOptions.defaults().withBaseDir(dir));
            subscription.close();
            subscription.close();
            gantry.run(greeting().build(), RunOptions.defaults().withBaseDir(dir));
        }

        assertThat(heard).extracting(RunEvent::runId).containsOnly(heard.get(0).runId());
        assertThat(other).extracting(RunEvent::runId).containsOnly(heard.get(0).runId(),
                other.get(other.size() - 1).runId());
        assertThat(other.get(other.size() - 1).runId()).isNotEqualTo(heard.get(0).runId());
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheRunNorTheListenersAfterIt() {
        List<Throwable> reported = new ArrayList<>();
        Thread thread = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = thread.getUncaughtExceptionHandler();
        thread.setUncaughtExceptionHandler((t, e) -> reported.add(e));
        RunResult result;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            gantry.subscribe(e -> {
                if (e instanceof RunEvent.RunStarted) {
                    throw new IllegalStateException("the dashboard is down");
                }
            });
            gantry.subscribe(heard::add);
            result = gantry.run(greeting().build(), RunOptions.defaults().withBaseDir(dir));
        } finally {
            thread.setUncaughtExceptionHandler(previous);
        }

        assertThat(result.succeeded()).isTrue();
        assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("the dashboard is down");
        assertThat(heard.get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(heard.get(heard.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
    }

    /** Each event of {@code step}, in the order heard, in a few words. */
    private List<String> stepEvents(String step) {
        List<String> events = new ArrayList<>();
        for (RunEvent e : heard) {
            if (e instanceof RunEvent.StepStarted s && s.step().equals(step)) {
                events.add("started " + s.attempt() + "/" + s.maxAttempts());
            } else if (e instanceof RunEvent.StepOutput o && o.step().equals(step)) {
                events.add("output " + o.line());
            } else if (e instanceof RunEvent.StepRetrying r && r.step().equals(step)) {
                events.add("retrying after " + r.failedAttempt() + ": " + r.reason());
            } else if (e instanceof RunEvent.OutputsCommitted c && c.step().equals(step)) {
                events.add("committed " + c.bytes() + " bytes");
            } else if (e instanceof RunEvent.StepFinished f && f.step().equals(step)) {
                events.add("finished " + f.result().status().label());
            }
        }
        return events;
    }

    private RunEvent.StepStarted started(String step) {
        return heard.stream().filter(e -> e instanceof RunEvent.StepStarted s && s.step().equals(step))
                .map(RunEvent.StepStarted.class::cast).findFirst().orElseThrow();
    }

    private RunEvent.StepFinished finished(String step) {
        return heard.stream().filter(e -> e instanceof RunEvent.StepFinished f && f.step().equals(step))
                .map(RunEvent.StepFinished.class::cast).findFirst().orElseThrow();
    }
}

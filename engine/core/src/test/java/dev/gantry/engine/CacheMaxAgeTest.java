package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepExplanation;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache: {max-age}}: an entry older than that is a miss, and explain says it expired. */
class CacheMaxAgeTest {
    @TempDir
    Path dir;

    private static PipelineSpec pipeline() {
        Pipeline p = Pipeline.named("fresh");
        p.step("fetch").command("sh", "-c", "date +%s%N > ${outputs.o}").output("o", ArtifactType.FILE)
                .cacheMaxAge("2s");
        return p.build();
    }

    @Test
    void anEntryOlderThanTheStepsMaxAgeIsAMissThatExplainCallsExpired() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        RunOptions options = RunOptions.defaults().withBaseDir(dir).withListener(event -> {
            if (event instanceof RunEvent.Notice notice) {
                notices.add(notice.message());
            }
        });
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            RunResult first = gantry.run(pipeline(), options);
            RunResult soon = gantry.run(pipeline(), options);
            Thread.sleep(2_100);
            RunResult late = gantry.run(pipeline(), options);

            assertThat(first.steps().get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(soon.steps().get(0).status()).isEqualTo(StepStatus.CACHED);
            assertThat(late.steps().get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            String expired = "its cached result from run " + first.runId() + " (made ";
            assertThat(notices).singleElement().asString().startsWith("step 'fetch' runs again: " + expired)
                    .endsWith(") had expired: older than its max-age of 2s");
            try (RunHistory history = gantry.history()) {
                StepExplanation why = history.explain(late.runId(), "fetch").orElseThrow();
                assertThat(why.verdict()).isEqualTo(StepExplanation.Verdict.EXPIRED);
                assertThat(why.message().orElseThrow()).startsWith(expired)
                        .endsWith(") had expired: older than its max-age of 2s");
                assertThat(history.explain(soon.runId(), "fetch").orElseThrow().verdict())
                        .isEqualTo(StepExplanation.Verdict.HIT);
            }
        }
    }
}

package dev.gantry.pipelines;

import static dev.gantry.engine.api.StepStatus.CACHED;
import static dev.gantry.engine.api.StepStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.spec.ExecutorChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code breast-cancer.yaml} end to end under one executor: from the CSV file to a registered
 * (and, where it can be, served) model that meets the accuracy target; a second run that takes
 * every step from the cache; and a changed training hyperparameter that reruns
 * training and what follows, and nothing before it.
 */
abstract class BreastCancerEndToEnd {
    static final List<String> BEFORE_TRAINING = List.of("ingest", "validate", "split", "features");
    static final List<String> TRAINING_ON = List.of("train", "evaluate", "deploy");

    @TempDir
    Path dir;

    /** The executor the pipeline runs under. */
    abstract ExecutorChoice executor();

    /** Parameters every run of this executor's test sets. */
    abstract Map<String, String> params();

    /** Checks what deploy did with {@code version}, as told by its deployment file. */
    abstract void assertDeployed(BreastCancerRuns runs, JsonNode deployment, String version) throws Exception;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fromCsvToADeployedModelThenFromTheCacheThenRetrainedWhenOnlyEpochsChange() throws Exception {
        try (BreastCancerRuns runs = new BreastCancerRuns(dir, executor())) {
            RunResult first = runs.run(params());
            assertThat(first.succeeded()).as(BreastCancerRuns.describe(first)).isTrue();
            assertThat(BreastCancerRuns.statuses(first)).as(BreastCancerRuns.describe(first))
                    .isEqualTo(statuses(SUCCEEDED, SUCCEEDED));
            double accuracy = BreastCancerRuns.json(first, "evaluate", "metrics").path("accuracy").asDouble();
            assertThat(accuracy).isGreaterThanOrEqualTo(0.93);
            assertDeployed(runs, BreastCancerRuns.json(first, "deploy", "deployment"), "v1");
            // The model card names the model and its metrics by the digests the store names them by.
            JsonNode digests = BreastCancerRuns.read(runs.registry().resolve("breast-cancer/v1/card.json")).path("digests");
            assertThat(digests.path("model").asText()).isEqualTo("sha256:" + sha256(first, "train", "model"));
            assertThat(digests.path("metrics").asText()).isEqualTo("sha256:" + sha256(first, "evaluate", "metrics"));
            assertThat(digests.path("transform").asText()).isEqualTo("sha256:" + sha256(first, "features", "transform"));

            // Every step comes from the cache, deploy too: its inputs are unchanged, and the
            // version it registered (and, locally, serves) is still there.
            RunResult second = runs.run(params());
            assertThat(BreastCancerRuns.statuses(second)).as(BreastCancerRuns.describe(second))
                    .isEqualTo(statuses(CACHED, CACHED));
            assertDeployed(runs, BreastCancerRuns.json(second, "deploy", "deployment"), "v1");

            Map<String, String> moreEpochs = new LinkedHashMap<>(params());
            moreEpochs.put("epochs", "40");
            RunResult retrained = runs.run(moreEpochs);
            assertThat(BreastCancerRuns.statuses(retrained)).as(BreastCancerRuns.describe(retrained))
                    .isEqualTo(statuses(CACHED, SUCCEEDED));
            assertThat(retrained.step("train").orElseThrow().cacheKey())
                    .isNotEqualTo(first.step("train").orElseThrow().cacheKey());
            double retrainedAccuracy = BreastCancerRuns.json(retrained, "evaluate", "metrics").path("accuracy").asDouble();
            assertThat(retrainedAccuracy).isGreaterThanOrEqualTo(0.93);
            assertDeployed(runs, BreastCancerRuns.json(retrained, "deploy", "deployment"), "v2");
            System.out.printf("breast-cancer under the %s executor: test accuracy %.4f (epochs 30), %.4f (epochs 40);"
                    + " runs took %.1f s, %.1f s (cached), %.1f s (retrained)%n",
                    executor().name().toLowerCase(Locale.ROOT), accuracy, retrainedAccuracy,
                    first.elapsed().toMillis() / 1e3, second.elapsed().toMillis() / 1e3,
                    retrained.elapsed().toMillis() / 1e3);
        }
        redeployAsTheReadmeSays();
    }

    /**
     * The README's "redeploy with {@code gantry rerun last --from deploy}", as written, through
     * this checkout's {@code ./gantry}: deploy runs again, the steps before it come from the
     * cache, and it runs on the executor the run it reruns ran on.
     */
    private void redeployAsTheReadmeSays() throws Exception {
        Path gantry = BreastCancerRuns.MODULE.getParent().resolve("gantry");
        Process process = new ProcessBuilder(gantry.toString(), "rerun", "last", "--from", "deploy", "--json",
                "--store", dir.resolve("store").toString()).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        JsonNode rerun = BreastCancerRuns.JSON_MAPPER.readTree(out);
        Map<String, String> statuses = new LinkedHashMap<>();
        rerun.path("steps").forEach(step -> statuses.put(step.path("name").asText(), step.path("status").asText()));
        Map<String, String> expected = new LinkedHashMap<>();
        BEFORE_TRAINING.forEach(step -> expected.put(step, "cached"));
        expected.put("train", "cached");
        expected.put("evaluate", "cached");
        expected.put("deploy", "succeeded");
        assertThat(statuses).isEqualTo(expected);
        try (RunHistory history = RunHistory.open(StoreLocation.embedded(dir.resolve("store")), notice -> { })) {
            assertThat(history.find(rerun.path("run").asText()).orElseThrow().executor()).contains(executor().name());
        }
    }

    private static String sha256(RunResult result, String step, String output) {
        return result.step(step).orElseThrow().outputs().get(output).sha256();
    }

    /** The steps before training with {@code before}, and training and what follows with {@code from}. */
    private static Map<String, StepStatus> statuses(StepStatus before, StepStatus from) {
        Map<String, StepStatus> expected = new LinkedHashMap<>();
        BEFORE_TRAINING.forEach(s -> expected.put(s, before));
        TRAINING_ON.forEach(s -> expected.put(s, from));
        return expected;
    }
}

package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.ExecutorChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local executor gives a step with checkpoints a host directory that outlives failed attempts. */
class LocalCheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void aRetriedLocalAttemptFindsWhatTheFailedOneSavedInGantryCheckpoints() throws Exception {
        Pipeline p = Pipeline.named("resume");
        p.step("train")
                .command("sh", "-c", "if [ -f $GANTRY_CHECKPOINTS/epoch ]; then"
                        + " echo resumed from epoch $(cat $GANTRY_CHECKPOINTS/epoch) > ${outputs.o};"
                        + " else echo 3 > $GANTRY_CHECKPOINTS/epoch; exit 7; fi")
                .output("o", ArtifactType.FILE)
                .checkpoints("/ckpt")
                .retry(2, "0s");
        RunResult result;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            result = gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir).withExecutor(ExecutorChoice.LOCAL));
        }

        assertThat(result.step("train").orElseThrow().attempts()).isEqualTo(2);
        assertThat(Files.readString(result.step("train").orElseThrow().outputs().get("o").path()))
                .isEqualTo("resumed from epoch 3\n");
        assertThat(result.runDir().resolve("train/checkpoints/epoch")).hasContent("3");
    }
}

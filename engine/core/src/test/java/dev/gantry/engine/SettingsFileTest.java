package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry.yaml beside the store: the executor runs use, and each executor's own settings, checked. */
class SettingsFileTest {
    @TempDir
    Path dir;

    private PipelineSpec pipelineNaming(String executor) {
        Pipeline p = Pipeline.named("p").executor(new ExecutorChoice(executor));
        p.step("hello").command("true");
        return p.build();
    }

    @Test
    void theFilesExecutorRunsAPipelineThatNamesAnother() throws Exception {
        Files.writeString(dir.resolve("gantry.yaml"), "executor: local\n");

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            RunResult result = gantry.run(pipelineNaming("docker"), RunOptions.defaults().withBaseDir(dir));

            assertThat(result.succeeded()).isTrue();
        }
    }

    @Test
    void anExecutorRefusesAKeyItDoesNotKnowWithItsLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("gantry.yaml"), "executors:\n  local:\n    parallel: 4\n");

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            assertThatThrownBy(() -> gantry.run(pipelineNaming("local"), RunOptions.defaults().withBaseDir(dir)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessage(file.toAbsolutePath() + ":3:5: unknown key 'parallel' in 'executors.local' in "
                            + file.toAbsolutePath() + " (it takes no settings)");
        }
    }

    @Test
    void anExecutorTheFileNamesMustBeInstalled() throws Exception {
        Path file = Files.writeString(dir.resolve("other.yaml"), "executor: slrum\n");

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry")).useSettings(SettingsFile.read(file))) {
            assertThatThrownBy(() -> gantry.run(pipelineNaming("local"), RunOptions.defaults().withBaseDir(dir)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageStartingWith(file + ":1:1: unknown executor 'slrum' in " + file)
                    .hasMessageContaining("installed: local");
        }
    }

    @Test
    void settingsForAnExecutorThatIsNotInstalledAreSaidToBeReadByNothing() {
        Pipeline p = Pipeline.named("typo");
        p.step("a").command("true").executorSettings("slrum", Map.of("partition", "gpu"));
        List<String> notices = new CopyOnWriteArrayList<>();

        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            RunResult result = gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir).withListener(e -> {
                if (e instanceof RunEvent.Notice n) {
                    notices.add(n.message());
                }
            }));

            assertThat(result.succeeded()).isTrue();
            assertThat(notices).contains("pipeline 'typo' has settings for executor 'slrum' in step 'a', which is not"
                    + " installed, so nothing reads them; installed: local");
        }
    }
}

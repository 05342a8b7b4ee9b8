package dev.gantry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry.yaml, and how an executor reads and checks its part of it. */
class SettingsFileTest {
    private static final Path FILE = Path.of("conf/gantry.yaml");

    @Test
    void anExecutorReadsItsOwnTypedSettings() {
        SettingsFile file = SettingsFile.parse("""
                executor: slurm
                executors:
                  slurm:
                    partition: gpu
                    poll: 500ms
                    maxJobs: 40
                    exclusive: true
                    memory: 2g
                    flags: [--constraint=a100, --qos=high]
                    env: {A: "1", B: two}
                    tolerations: [{key: k, effect: NoSchedule}]
                """, FILE);
        Settings slurm = file.executor("slurm");

        assertThat(file.executor()).contains("slurm");
        assertThat(slurm.text("partition")).contains("gpu");
        assertThat(slurm.duration("poll")).contains(Duration.ofMillis(500));
        assertThat(slurm.integer("maxJobs")).contains(40);
        assertThat(slurm.flag("exclusive")).contains(true);
        assertThat(slurm.memory("memory")).contains(MemorySize.of("2g"));
        assertThat(slurm.texts("flags")).containsExactly("--constraint=a100", "--qos=high");
        assertThat(slurm.textMap("env")).containsExactly(Map.entry("A", "1"), Map.entry("B", "two"));
        assertThat(slurm.sections("tolerations")).singleElement()
                .satisfies(t -> assertThat(t.text("effect")).contains("NoSchedule"));
        assertThat(slurm.text("account")).isEmpty();
        assertThat(file.executor("kubernetes").isEmpty()).isTrue();
        slurm.check();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLineAndColumn() {
        Settings slurm = SettingsFile.parse("""
                executors:
                  slurm:
                    partiton: gpu
                    poll: soon
                    flags: [{a: b}]
                """, FILE).executor("slurm");
        slurm.allowOnly("partition", "poll", "flags");
        slurm.duration("poll");
        slurm.texts("flags");

        assertThatThrownBy(slurm::check).isInstanceOf(InvalidSettingsException.class)
                .hasMessage("conf/gantry.yaml:3:5: unknown key 'partiton' in 'executors.slurm' in conf/gantry.yaml"
                        + " (did you mean 'partition'?)\n"
                        + "conf/gantry.yaml:4:5: expected a duration such as 30s or 5m for 'poll' in"
                        + " 'executors.slurm' in conf/gantry.yaml, got 'soon'\n"
                        + "conf/gantry.yaml:5:13: expected a string for item 1 of 'flags' in 'executors.slurm'"
                        + " in conf/gantry.yaml, got a mapping");
    }

    @Test
    void anUnknownTopLevelKeyOrExecutorIsRefusedWithAHint() {
        assertThatThrownBy(() -> SettingsFile.parse("executer: slurm\n", FILE))
                .hasMessage("conf/gantry.yaml:1:1: unknown key 'executer' in conf/gantry.yaml (did you mean 'executor'?)");
        SettingsFile file = SettingsFile.parse("executor: slrum\nexecutors:\n  dokcer: {}\n", FILE);
        assertThatThrownBy(() -> file.checkExecutors(List.of("local", "docker", "slurm")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("conf/gantry.yaml:3:3: unknown executor 'dokcer' in 'executors' in"
                        + " conf/gantry.yaml (did you mean 'docker'?); installed: local, docker, slurm")
                .hasMessageContaining("conf/gantry.yaml:1:1: unknown executor 'slrum'");
    }

    @Test
    void badYamlNamesTheFileAndPlace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gantry.yaml"), "executors:\n  slurm: [a\n");

        assertThatThrownBy(() -> SettingsFile.read(file)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith(file + ":");
        assertThatThrownBy(() -> SettingsFile.read(dir.resolve("none.yaml")))
                .hasMessage("cannot read settings file " + dir.resolve("none.yaml") + ": no such file");
        assertThat(SettingsFile.readIfPresent(dir.resolve("none.yaml")).file()).isEmpty();
    }

    @Test
    void aStepsOwnSettingsOverrideItsPipelinesDefaultsKeyByKey() {
        Pipeline p = Pipeline.named("p").defaultExecutorSettings("slurm", Map.of("partition", "cpu", "account", "ml"));
        p.step("train").command("true").executorSettings("slurm", Map.of("partition", "gpu", "gres", 2));
        p.step("other").command("true");
        PipelineSpec spec = p.build();

        Settings train = Settings.forStep(spec, spec.steps().get("train"), "slurm");
        Settings other = Settings.forStep(spec, spec.steps().get("other"), "slurm");

        assertThat(train.text("partition")).contains("gpu");
        assertThat(train.text("account")).contains("ml");
        assertThat(train.integer("gres")).contains(2);
        assertThat(other.text("partition")).contains("cpu");
        assertThat(Settings.forStep(spec, spec.steps().get("train"), "kubernetes").isEmpty()).isTrue();
        train.allowOnly("partition", "account");
        assertThat(train.problems()).singleElement().hasToString(
                "unknown key 'gres' in 'executors.slurm' in step 'train' (expected one of: partition, account)");
    }
}

package dev.gantry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.validation.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code retention:} part of gantry.yaml, read and checked like the rest of the file. */
class RetentionSettingsTest {
    private static final Path FILE = Path.of("conf/gantry.yaml");

    @Test
    void readsAPolicyWithRegistriesResolvedAgainstTheFilesDirectory() {
        SettingsFile file = SettingsFile.parse("retention: {keep-last: 20, older-than: 30d, registries: [models]}\n",
                FILE);

        Retention retention = file.retention().orElseThrow();
        assertThat(retention.keepLast()).contains(20);
        assertThat(retention.olderThan()).contains(Duration.ofDays(30));
        assertThat(retention.registries()).containsExactly(FILE.toAbsolutePath().getParent().resolve("models"));
        assertThat(SettingsFile.parse("executor: local\n", FILE).retention()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtItsLineAndColumn() {
        assertThatThrownBy(() -> SettingsFile.parse("""
                retention:
                  keep-last: -1
                  older-than: a while
                  keep: 3
                """, FILE))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(
                        e.problems().stream().map(Problem::toString).toList()).containsExactly(
                        "conf/gantry.yaml:2:3: 'keep-last' in 'retention' in conf/gantry.yaml must be 0 or more, was -1",
                        "conf/gantry.yaml:3:3: expected a duration such as 30s or 5m for 'older-than' in 'retention' in"
                                + " conf/gantry.yaml, got 'a while'",
                        "conf/gantry.yaml:4:3: unknown key 'keep' in 'retention' in conf/gantry.yaml (expected one of:"
                                + " keep-last, older-than, registries)"));
    }

    @Test
    void aPolicyThatKeepsEveryRunIsAProblem() {
        assertThatThrownBy(() -> SettingsFile.parse("retention: {registries: [models]}\n", FILE))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(
                        e.problems().stream().map(Problem::toString).toList()).containsExactly(
                        "conf/gantry.yaml:1:1: 'retention' in conf/gantry.yaml keeps every run: "
                                + "give keep-last, older-than or both"));
    }
}

package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SpecCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache: {max-age: 7d}}: how long a step's cached results serve. */
class CacheMaxAgeYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsWritesEncodesAndBuildsAMaxAge() {
        PipelineSpec spec = PipelineYaml.read(write(dir, """
                name: fresh
                steps:
                  fetch:
                    command: [fetch]
                    cache: {max-age: 7d, version: "2"}
                """));

        CacheSpec cache = spec.step("fetch").orElseThrow().cache();
        assertThat(cache).isEqualTo(new CacheSpec(true, Optional.of("2"), Optional.of(Duration.ofDays(7))));
        assertThat(PipelineYaml.write(spec)).contains("max-age: 7d");
        assertThat(PipelineYaml.parse(PipelineYaml.write(spec), "again.yaml")).isEqualTo(spec);
        assertThat(SpecCodec.read(SpecCodec.write(spec))).isEqualTo(spec);
        Pipeline built = Pipeline.named("fresh");
        built.step("fetch").command("fetch").cacheMaxAge("7d").cacheVersion("2");
        assertThat(built.build()).isEqualTo(spec);
    }

    @Test
    void aMaxAgeThatIsNoDurationOrZeroIsAProblemAtItsPlace() {
        Path file = write(dir, """
                name: fresh
                steps:
                  a: {command: [a], cache: {max-age: soon}}
                  b: {command: [b], cache: {max-age: 0s}}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:3:38: invalid duration 'soon' for 'max-age' in cache of step 'a' (use a number with ms, s,"
                        + " m, h or d, like 90s or 1h30m)",
                "example.yaml:4:38: expected a duration more than zero, such as 7d or 12h for 'max-age' in cache of step"
                        + " 'b', got '0s'");
    }

    @Test
    void theBuilderRejectsAZeroMaxAge() {
        assertThatThrownBy(() -> Pipeline.named("x").step("a").command("a").cacheMaxAge("0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache max-age must be more than zero, was 0s");
    }
}

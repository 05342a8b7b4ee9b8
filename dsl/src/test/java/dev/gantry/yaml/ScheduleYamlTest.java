package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.ScheduleSpec;
import dev.gantry.validation.InvalidPipelineException;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleYamlTest {
    @Test
    void scheduleBlockIsReadWithEveryPart() {
        PipelineSpec spec = PipelineYaml.parse("""
                name: retrain
                schedule:
                  cron: "0 3 * * *"
                  timezone: Europe/Paris
                  params: {seed: 7}
                  misfire: skip
                  overlap: queue
                params: {seed: 1}
                steps:
                  a:
                    command: [echo, "${params.seed}"]
                """, "retrain.yaml");

        assertThat(spec.schedule()).contains(new ScheduleSpec("0 3 * * *", ZoneId.of("Europe/Paris"),
                Map.of("seed", "7"), ScheduleSpec.Misfire.SKIP, ScheduleSpec.Overlap.QUEUE));
        assertThat(spec.schedule().orElseThrow().quartzCrons()).containsExactly("0 0 3 * * ?");
    }

    @Test
    void scheduleDefaultsAreUtcRunOnceAndSkip() {
        PipelineSpec spec = PipelineYaml.parse("""
                name: nightly
                schedule: {cron: "*/5 * * * * ?"}
                steps:
                  a:
                    command: [true]
                """, "nightly.yaml");

        assertThat(spec.schedule()).contains(ScheduleSpec.cron("*/5 * * * * ?"));
    }

    @Test
    void invalidScheduleReportsEveryProblemWithItsLocation() {
        assertThatThrownBy(() -> PipelineYaml.parse("""
                name: bad
                schedule:
                  cron: "0 25 * * *"
                  timezone: Mars/Olympus
                  params: {sede: 1}
                  misfire: sometimes
                params: {seed: 1}
                steps:
                  a:
                    command: [true]
                """, "bad.yaml"))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("""
                        bad.yaml:3:3: invalid cron expression '0 25 * * *' in schedule: field 2 (hour) '25' is not a \
                        value from 0 to 23
                        bad.yaml:4:13: unknown timezone 'Mars/Olympus' in schedule (use a region like Europe/Paris, or UTC)
                        bad.yaml:5:12: schedule sets parameter 'sede', which the pipeline does not declare (did you \
                        mean 'seed'?)
                        bad.yaml:6:12: invalid misfire 'sometimes' in schedule (use one of: run-once, skip)""");
    }

    @Test
    void javaPipelineWithAScheduleRoundTripsThroughYaml() {
        Pipeline p = Pipeline.named("retrain").param("seed", 1)
                .schedule(new ScheduleSpec("0 */2 * * *", ZoneId.of("UTC"), Map.of("seed", "9"),
                        ScheduleSpec.Misfire.RUN_ONCE, ScheduleSpec.Overlap.QUEUE));
        p.step("a").command("echo", "${params.seed}");
        PipelineSpec spec = p.build();

        assertThat(PipelineYaml.parse(PipelineYaml.write(spec), "written.yaml")).isEqualTo(spec);
    }
}

package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.spec.ParamDeclaration;
import dev.gantry.spec.ParamType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SpecCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters that declare a type: how they are written, read, checked and written back. */
class TypedParamsYamlTest {
    private static final String TYPED = """
            name: typed
            params:
              epochs: {type: int, default: 30, description: Training epochs}
              rate: {type: float, default: 0.1}
              shuffle: {type: bool, default: true}
              model: {type: enum, values: [logistic, tree], default: logistic}
              name: world
              label: {default: diagnosis, description: The column to predict}
              token: {secret: true, description: Pushes the model}
            steps:
              train:
                command: [train, "${params.epochs}", "${params.rate}", "${params.model}", "${params.name}"]
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryLongFormBesideTheShortOne() {
        PipelineSpec spec = PipelineYaml.read(write(dir, TYPED));

        assertThat(spec.params()).containsExactly(Map.entry("epochs", "30"), Map.entry("rate", "0.1"),
                Map.entry("shuffle", "true"), Map.entry("model", "logistic"), Map.entry("name", "world"),
                Map.entry("label", "diagnosis"), Map.entry("token", PipelineSpec.SECRET_PARAM));
        assertThat(spec.paramDeclaration("epochs"))
                .isEqualTo(ParamDeclaration.of(ParamType.INT).withDescription("Training epochs"));
        assertThat(spec.paramDeclaration("rate")).isEqualTo(ParamDeclaration.of(ParamType.FLOAT));
        assertThat(spec.paramDeclaration("shuffle")).isEqualTo(ParamDeclaration.of(ParamType.BOOL));
        assertThat(spec.paramDeclaration("model")).isEqualTo(ParamDeclaration.oneOf(List.of("logistic", "tree")));
        assertThat(spec.paramDeclaration("name")).isEqualTo(ParamDeclaration.STRING);
        assertThat(spec.paramDeclaration("label").description()).contains("The column to predict");
        assertThat(spec.paramDeclaration("token").description()).contains("Pushes the model");
        assertThat(spec.isSecretParam("token")).isTrue();
    }

    @Test
    void aStringParameterWrittenInTheLongFormIsTheSameAsTheShortForm() {
        PipelineSpec long_ = PipelineYaml.parse("name: p\nparams: {x: {type: string, default: a}}\n"
                + "steps: {s: {command: [echo, '${params.x}']}}\n", "long.yaml");
        PipelineSpec short_ = PipelineYaml.parse("name: p\nparams: {x: a}\n"
                + "steps: {s: {command: [echo, '${params.x}']}}\n", "short.yaml");

        assertThat(long_).isEqualTo(short_);
        assertThat(PipelineYaml.write(long_)).contains("params: {x: a}\n");
    }

    @Test
    void theWriterAndTheCodecCarryTheLongFormBack() {
        PipelineSpec spec = PipelineYaml.read(write(dir, TYPED));

        String written = PipelineYaml.write(spec);

        assertThat(written).contains("""
                params:
                  epochs: {type: int, default: 30, description: Training epochs}
                  rate: {type: float, default: 0.1}
                  shuffle: {type: bool, default: true}
                  model: {type: enum, values: [logistic, tree], default: logistic}
                  name: world
                  label: {default: diagnosis, description: The column to predict}
                  token: {secret: true, description: Pushes the model}
                """);
        assertThat(PipelineYaml.parse(written, "written.yaml")).isEqualTo(spec);
        assertThat(SpecCodec.read(SpecCodec.write(spec))).isEqualTo(spec);
    }

    @Test
    void reportsEveryBadDeclarationWithItsLocation() {
        Path file = write(dir, """
                name: bad-params
                params:
                  epochs: {type: int, default: ten}
                  rate: {type: float, default: NaN}
                  shuffle: {type: bool, default: yes}
                  model: {type: enum, values: [logistic, tree], default: svm}
                  kind: {type: enum, default: a}
                  none: {type: enum, values: [], default: a}
                  count: {type: flaot, default: 1}
                  size: {tpye: int, default: 1}
                  plain: {type: int, values: [1, 2], default: 1}
                  nodefault: {type: int}
                  key: {secret: true, type: int, default: 3}
                  twice: {type: enum, values: [a, a], default: a}
                  empty: {default: x, description: ""}
                schedule:
                  cron: "0 3 * * *"
                  params: {epochs: many}
                steps:
                  train:
                    command: [train, "${params.rate}"]
                    matrix: {model: [tree, forest]}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:3:23: the default of parameter 'epochs' must be an int, got 'ten'",
                "example.yaml:4:23: the default of parameter 'rate' must be a float, got 'NaN'",
                "example.yaml:5:25: the default of parameter 'shuffle' must be a bool (true or false), got 'yes'",
                "example.yaml:6:49: the default of parameter 'model' must be one of logistic, tree, got 'svm'",
                "example.yaml:7:16: parameter 'kind' is an enum but has no 'values'; list them, such as values: [a, b]",
                "example.yaml:8:30: 'values' in parameter 'none' is empty; an enum needs at least one value",
                "example.yaml:9:17: invalid type 'flaot' for 'type' in parameter 'count' (did you mean 'float'?)",
                "example.yaml:10:10: unknown key 'tpye' in parameter 'size' (did you mean 'type'?)",
                "example.yaml:11:22: parameter 'plain' is of type int, which lists no values;"
                        + " only an enum parameter has 'values'",
                "example.yaml:12:14: missing required key 'default' in parameter 'nodefault'",
                "example.yaml:13:23: parameter 'key' is secret, so it takes no 'type': its value is text given at"
                        + " run time with --param key=VALUE",
                "example.yaml:13:34: parameter 'key' is secret, so it takes no 'default': its value is text given at"
                        + " run time with --param key=VALUE",
                "example.yaml:14:31: 'values' in parameter 'twice' lists 'a' twice",
                "example.yaml:15:36: expected a non-empty string for 'description' in parameter 'empty', got ''",
                "example.yaml:18:12: parameter 'epochs' in the schedule must be an int, got 'many'",
                "example.yaml:22:28: parameter 'model' in the matrix of step 'train' must be one of logistic, tree,"
                        + " got 'forest'");
    }

    @Test
    void aRunValueIsCheckedAgainstItsType() {
        PipelineSpec spec = PipelineYaml.read(write(dir, TYPED));

        assertThatThrownBy(() -> spec.withParams(Map.of("epochs", "ten")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("param 'epochs' must be an int, got 'ten'");
        assertThatThrownBy(() -> spec.withParams(Map.of("model", "svm")))
                .hasMessage("param 'model' must be one of logistic, tree, got 'svm'");
        assertThatThrownBy(() -> spec.withParams(Map.of("rate", "Infinity")))
                .hasMessage("param 'rate' must be a float, got 'Infinity'");
        assertThatThrownBy(() -> spec.withParams(Map.of("shuffle", "True")))
                .hasMessage("param 'shuffle' must be a bool (true or false), got 'True'");
        assertThat(spec.withParams(Map.of("epochs", "-3", "rate", "1e-3", "shuffle", "false", "model", "tree",
                "name", "anything")).params())
                .containsEntry("epochs", "-3").containsEntry("rate", "1e-3").containsEntry("shuffle", "false")
                .containsEntry("model", "tree");
        assertThat(spec.withParams(Map.of("epochs", "40")).paramDeclarations()).isEqualTo(spec.paramDeclarations());
    }

    @Test
    void theDescriptionIsOptional() {
        PipelineSpec spec = PipelineYaml.read(write(dir, TYPED));

        assertThat(spec.paramDeclaration("rate").description()).isEqualTo(Optional.empty());
    }
}

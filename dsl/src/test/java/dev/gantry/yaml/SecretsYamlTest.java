package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SecretSource;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.SpecCodec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets and secret parameters: how they are written, read, checked and written back. */
class SecretsYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsPipelineAndStepSecretsAndASecretParameter() {
        PipelineSpec spec = PipelineYaml.read(write(dir, """
                name: secrets
                params: {seed: 42, api_key: {secret: true}}
                secrets: {HF_TOKEN: {env: HF_TOKEN}}
                steps:
                  fetch:
                    command: [fetch, "${params.api_key}", "${params.seed}"]
                    secrets:
                      DB_PASSWORD: {file: ~/.config/db-password}
                      HF_TOKEN: {env: OTHER_TOKEN, as: file}
                """));

        assertThat(spec.params()).containsExactly(Map.entry("seed", "42"), Map.entry("api_key", "(secret)"));
        assertThat(spec.isSecretParam("api_key")).isTrue();
        assertThat(spec.isSecretParam("seed")).isFalse();
        assertThat(spec.secrets()).containsExactly(Map.entry("HF_TOKEN", SecretSpec.fromEnv("HF_TOKEN")));
        assertThat(spec.effectiveSecrets(spec.steps().get("fetch"))).containsExactly(
                Map.entry("HF_TOKEN", new SecretSpec(new SecretSource.EnvVar("OTHER_TOKEN"), SecretSpec.Delivery.FILE)),
                Map.entry("DB_PASSWORD", SecretSpec.fromFile("~/.config/db-password")));
    }

    @Test
    void theJavaBuilderMakesTheSameSpecAndTheWriterWritesSourcesOnly() {
        Pipeline p = Pipeline.named("secrets");
        p.param("seed", 42).secretParam("api_key").secret("HF_TOKEN", SecretSpec.fromEnv("HF_TOKEN"));
        p.step("fetch").command("fetch", "${params.api_key}", "${params.seed}")
                .output("page", ArtifactType.FILE)
                .secret("DB_PASSWORD", SecretSpec.fromFile("~/.config/db-password"))
                .secret("HF_TOKEN", SecretSpec.fromEnv("OTHER_TOKEN").asFile());
        PipelineSpec built = p.build();

        String yaml = PipelineYaml.write(built);

        assertThat(yaml).isEqualTo("""
                name: secrets
                params: {seed: 42, api_key: {secret: true}}
                secrets: {HF_TOKEN: {env: HF_TOKEN}}
                steps:
                  fetch:
                    command: [fetch, "${params.api_key}", "${params.seed}"]
                    outputs: {page: file}
                    secrets: {DB_PASSWORD: {file: ~/.config/db-password}, HF_TOKEN: {env: OTHER_TOKEN, as: file}}
                """);
        assertThat(PipelineYaml.parse(yaml, "written.yaml")).isEqualTo(built);
        assertThat(SpecCodec.read(SpecCodec.write(built))).isEqualTo(built);
    }

    @Test
    void aPlainParameterStillReadsAsBefore() {
        PipelineSpec spec = PipelineYaml.read(write(dir, """
                name: plain
                params: {seed: 42}
                steps:
                  a: {command: [echo, "${params.seed}"]}
                """));

        assertThat(spec.params()).containsExactly(Map.entry("seed", "42"));
        assertThat(spec.secrets()).isEmpty();
        assertThat(spec.steps().get("a").secrets()).isEmpty();
    }

    @Test
    void reportsBadSecretsWithFileLineAndColumn() {
        Path file = write(dir, """
                name: bad-secrets
                params: {api_key: {secret: maybe}, plain: "(secret)", other: {secret: false}}
                secrets:
                  hf-token: {env: HF_TOKEN}
                  GANTRY_TOKEN: {env: X}
                steps:
                  a:
                    command: [echo]
                    env: {TOKEN: x}
                    secrets:
                      VAULT: {vault: kv/token}
                      BOTH: {env: X, file: y}
                      NONE: {as: file}
                      HOW: {env: X, as: disk}
                      TOKEN: {env: TOKEN}
                      1ST: {env: X}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:2:28: expected true or false for 'secret' in parameter 'api_key', got 'maybe'",
                "example.yaml:2:43: the default '(secret)' of parameter 'plain' is reserved for secret parameters;"
                        + " declare one as plain: {secret: true}",
                "example.yaml:2:71: parameter 'other' is declared with secret: false; write a plain parameter as"
                        + " other: VALUE",
                "example.yaml:4:3: secret name 'hf-token' of the pipeline is invalid: use letters, digits and _,"
                        + " not starting with a digit, as an environment variable's name is written",
                "example.yaml:5:3: secret name 'GANTRY_TOKEN' of the pipeline is reserved: names starting with"
                        + " GANTRY_ are the engine's",
                "example.yaml:9:11: step 'a' sets 'TOKEN' in 'env', which is also the name of a secret it is given;"
                        + " rename one of them",
                "example.yaml:11:15: unknown secret source 'vault' for secret 'VAULT' of step 'a'"
                        + " (use env: VARIABLE or file: PATH, and optionally as: env or as: file)",
                "example.yaml:12:22: secret 'BOTH' of step 'a' names two sources, env and file; give one",
                "example.yaml:13:13: secret 'NONE' of step 'a' names no source (use env: VARIABLE or file: PATH)",
                "example.yaml:14:25: invalid value 'disk' for 'as' in secret 'HOW' of step 'a' (use env or file)",
                "example.yaml:16:7: secret name '1ST' of step 'a' is invalid: use letters, digits and _,"
                        + " not starting with a digit, as an environment variable's name is written");
    }

    @Test
    void aSecretParameterIsSetNeitherByTheScheduleNorByAMatrix() {
        Path file = write(dir, """
                name: scheduled
                params: {api_key: {secret: true}}
                schedule: {cron: "0 3 * * *", params: {api_key: abc}}
                steps:
                  a:
                    command: [echo, "${params.api_key}"]
                    matrix: {api_key: [a, b]}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:3:40: schedule sets parameter 'api_key', which is secret: its value comes only from"
                        + " --param, never from the file",
                "example.yaml:7:14: the matrix of step 'a' varies parameter 'api_key', which is secret: its value"
                        + " comes only from --param, never from the file");
    }

    @Test
    void aSecretParameterCannotBeOverriddenIntoTheSpec() {
        Pipeline p = Pipeline.named("p").secretParam("api_key");
        p.step("a").command("echo", "${params.api_key}");
        PipelineSpec spec = p.build();

        assertThatThrownBy(() -> spec.withParams(Map.of("api_key", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'api_key' of pipeline 'p' is secret: its value is given to the run,"
                        + " never written into the spec");
        assertThatThrownBy(() -> Pipeline.named("q").param("plain", "(secret)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the default '(secret)' of parameter 'plain' is reserved for secret parameters;"
                        + " declare one with secretParam(\"plain\")");
        assertThatThrownBy(() -> Pipeline.named("q").step("a").secret("hf-token", SecretSpec.fromEnv("X")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret name 'hf-token' of step 'a' is invalid: use letters, digits and _,"
                        + " not starting with a digit, as an environment variable's name is written");
    }
}

package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
import dev.gantry.validation.SourceLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineYamlReadTest {
    @TempDir
    Path dir;

    @Test
    void anExecutorIsAnOpenNameSinceExecutorsArePlugIns() {
        Path file = PipelineFiles.write(dir, """
                name: on-the-cluster
                executor: slurm
                steps:
                  a: {command: [x]}
                """);

        PipelineSpec spec = PipelineYaml.read(file);

        assertThat(spec.executor()).contains(new ExecutorChoice("slurm"));
        assertThat(PipelineYaml.write(spec)).contains("executor: slurm");
    }

    @Test
    void readsEveryKeyOfTheFormat() {
        Path file = PipelineFiles.write(dir, """
                name: breast-cancer
                description: Trains a classifier on the breast cancer data set.
                params: {seed: 42, test_fraction: 0.20, verbose: true}
                defaults: {image: gantry/steps:dev, resources: {cpus: 1, memory: 1g}}
                steps:
                  ingest:
                    command: [gantry-step, ingest-csv, --source, "${inputs.raw}", --out, "${outputs.table}"]
                    code: [scripts/ingest.sh]
                    inputs: {raw: {path: data/breast_cancer.csv}}
                    outputs: {table: arrow}
                  train:
                    command: [gantry-step, train, --seed, "${params.seed}", --retries, 3]
                    image: gantry/train:1.2
                    inputs: {table: ingest.table}
                    outputs: {model: {type: file}, metrics: metrics}
                    after: [ingest]
                    env: {SEED: "${params.seed}", THREADS: 4}
                    workdir: sub/dir
                    resources: {cpus: 0.5, memory: 512m, gpus: 1}
                    retry: {attempts: 3, backoff: 10s}
                    timeout: 2h
                    cache: {version: "2"}
                """);

        PipelineSpec spec = PipelineYaml.read(file);

        assertThat(spec.name()).isEqualTo("breast-cancer");
        assertThat(spec.params()).containsExactly(
                Map.entry("seed", "42"), Map.entry("test_fraction", "0.20"), Map.entry("verbose", "true"));
        assertThat(spec.defaults().image()).contains("gantry/steps:dev");
        assertThat(spec.defaults().resources()).isEqualTo(new Resources(
                Optional.of(1.0), Optional.of(MemorySize.of("1g")), Optional.empty()));
        assertThat(spec.steps().keySet()).containsExactly("ingest", "train");
        assertThat(spec.step("ingest").orElseThrow().inputs())
                .containsExactly(Map.entry("raw", new InputSpec.HostPath("data/breast_cancer.csv")));
        assertThat(spec.step("train").orElseThrow()).isEqualTo(new StepSpec("train",
                List.of("gantry-step", "train", "--seed", "${params.seed}", "--retries", "3"),
                Optional.of("gantry/train:1.2"),
                List.of(),
                Map.of("table", new InputSpec.StepOutput("ingest", "table")),
                Map.of("model", ArtifactType.FILE, "metrics", ArtifactType.METRICS),
                List.of("ingest"),
                Map.of("SEED", "${params.seed}", "THREADS", "4"),
                Optional.of("sub/dir"),
                new Resources(Optional.of(0.5), Optional.of(MemorySize.of("512m")), Optional.of(1)),
                new RetrySpec(3, Duration.ofSeconds(10)),
                Optional.of(Duration.ofHours(2)),
                CacheSpec.version("2")));
    }

    @Test
    void readsTheExecutorAndEveryContainerKeyInBothForms() {
        Path file = PipelineFiles.write(dir, """
                name: containers
                executor: docker
                steps:
                  train:
                    command: [train]
                    build: {context: images/train, dockerfile: Dockerfile.gpu, args: {PYTHON: "3.12", CUDA: 12}}
                    resources: {gpus: 2, shm: 2g, shareGpus: true}
                    volumes: [data:/data, "cache:/cache:rw", "ro:/ro:ro", {source: /srv/x, target: /x, readOnly: false}]
                    tmpfs: [/tmp, {path: /scratch, size: 512m}]
                    checkpoints: /checkpoints
                    network: bridge
                    capabilities: [SYS_PTRACE, net_admin]
                    unsafe: [cap:SYS_PTRACE, "cap:NET_ADMIN"]
                  notify:
                    command: [notify]
                    build: images/notify
                """);

        PipelineSpec spec = PipelineYaml.read(file);

        assertThat(spec.executor()).contains(ExecutorChoice.DOCKER);
        StepSpec train = spec.step("train").orElseThrow();
        assertThat(train.container()).isEqualTo(new ContainerSpec(
                Optional.of(new BuildSpec("images/train", Optional.of("Dockerfile.gpu"),
                        Map.of("PYTHON", "3.12", "CUDA", "12"))),
                List.of(VolumeSpec.readOnly("data", "/data"), new VolumeSpec("cache", "/cache", false),
                        VolumeSpec.readOnly("ro", "/ro"), new VolumeSpec("/srv/x", "/x", false)),
                List.of(TmpfsSpec.at("/tmp"), new TmpfsSpec("/scratch", Optional.of(MemorySize.of("512m")))),
                Optional.of("/checkpoints"),
                Optional.of("bridge"),
                List.of("SYS_PTRACE", "net_admin"),
                List.of("cap:SYS_PTRACE", "cap:NET_ADMIN")));
        assertThat(train.resources()).isEqualTo(Resources.NONE.withGpus(2).withShm(MemorySize.of("2g"))
                .withShareGpus(true));
        assertThat(spec.step("notify").orElseThrow().container().build()).contains(BuildSpec.of("images/notify"));
        assertThat(spec.effectiveImage(train)).isEmpty();
    }

    @Test
    void aPipelineWithoutContainerKeysHasNoneAndLeavesTheExecutorToTheRun() {
        PipelineSpec spec = PipelineYaml.read(PipelineFiles.write(dir, "name: plain\nsteps: {a: {command: [x]}}\n"));

        assertThat(spec.executor()).isEmpty();
        assertThat(spec.step("a").orElseThrow().container()).isEqualTo(ContainerSpec.NONE);
    }

    @Test
    void aCommandWrittenAsOneStringRunsInTheShell() {
        Path file = PipelineFiles.write(dir, """
                name: hello
                steps:
                  greet:
                    command: echo hello > ${outputs.text}
                    outputs: {text: file}
                """);

        StepSpec greet = PipelineYaml.read(file).step("greet").orElseThrow();

        assertThat(greet.command()).containsExactly("sh", "-c", "echo hello > ${outputs.text}");
    }

    @Test
    void leavesOutKeysTheirDefaults() {
        Path file = PipelineFiles.write(dir, """
                name: minimal
                steps:
                  only:
                    command: [true]
                """);

        PipelineSpec spec = PipelineYaml.read(file);
        StepSpec only = spec.step("only").orElseThrow();

        assertThat(spec.params()).isEmpty();
        assertThat(spec.defaults().image()).isEmpty();
        assertThat(only.command()).containsExactly("true");
        assertThat(only.resources()).isEqualTo(Resources.NONE);
        assertThat(only.retry()).isEqualTo(RetrySpec.NONE);
        assertThat(only.timeout()).isEmpty();
        assertThat(only.cache()).isEqualTo(CacheSpec.DEFAULT);
    }

    @Test
    void readsEveryFormOfCacheAndRetry() {
        Path file = PipelineFiles.write(dir, """
                name: caching
                steps:
                  off: {command: x, cache: false}
                  on: {command: x, cache: true, retry: {attempts: 2}}
                  salted: {command: x, cache: {version: 7}}
                  salted-off: {command: x, cache: {enabled: false, version: v1}}
                """);

        PipelineSpec spec = PipelineYaml.read(file);

        assertThat(spec.step("off").orElseThrow().cache()).isEqualTo(CacheSpec.DISABLED);
        assertThat(spec.step("on").orElseThrow().cache()).isEqualTo(CacheSpec.DEFAULT);
        assertThat(spec.step("on").orElseThrow().retry()).isEqualTo(new RetrySpec(2, Duration.ZERO));
        assertThat(spec.step("salted").orElseThrow().cache()).isEqualTo(CacheSpec.version("7"));
        assertThat(spec.step("salted-off").orElseThrow().cache())
                .isEqualTo(new CacheSpec(false, Optional.of("v1")));
    }

    @Test
    void saysWhereEachPartOfThePipelineWasWritten() {
        Path file = PipelineFiles.write(dir, """
                # A comment first, so nothing sits at line 1.
                name: located
                steps:
                  first:
                    command: [a, "${outputs.out}"]
                    outputs: {out: file}
                """);

        ParsedPipeline parsed = PipelineYaml.readWithSource(file);

        assertThat(parsed.spec().name()).isEqualTo("located");
        assertThat(parsed.sourceMap().find("steps.first")).contains(new SourceLocation(file.toString(), 4, 3));
        assertThat(parsed.sourceMap().find("steps.first.command.1"))
                .contains(new SourceLocation(file.toString(), 5, 18));
        assertThat(parsed.sourceMap().find("steps.first.outputs.out"))
                .contains(new SourceLocation(file.toString(), 6, 15));
    }

    @Test
    void parsesTextWithTheGivenFileNameInLocations() {
        ParsedPipeline parsed = PipelineYaml.parseWithSource("name: a\nsteps: {b: {command: c}}\n", "inline.yaml");

        assertThat(parsed.spec().steps()).containsOnlyKeys("b");
        assertThat(parsed.sourceMap().find("steps.b")).contains(new SourceLocation("inline.yaml", 2, 9));
    }
}

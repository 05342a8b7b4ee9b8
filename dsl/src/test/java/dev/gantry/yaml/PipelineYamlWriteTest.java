package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.BuildSpec;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineYamlWriteTest {
    /** Strings that YAML could read as something else, or that need escapes. */
    static final List<String> TRICKY = List.of("", " lead", "trail ", "yes", "No", "on", "OFF", "true", "False",
            "null", "~", "42", "-7", "+3", "0.5", ".5", "1e3", "0x1F", "0o17", "012", "1_000", "1:30", "2024-01-01",
            ".inf", "-.inf", ".nan", "a: b", "a:b", "key:", ":colon", "a #b", "#x", "- x", "-x", "--flag", "-",
            "[x]", "{x}", "a,b", "'q'", "\"dq\"", "back\\slash", "line\nbreak", "tab\there", "cr\rlf", "ünïcödé",
            "emoji \uD83C\uDF89", "\u0001bell", "\u0085next", "line\u2028sep", "\uFEFFbom", "*star", "&amp", "!bang",
            "%pct", "@at", "`tick`", "|pipe", ">gt", "?q", "---", "...", "<<", "=", "$HOME", "C:\\dir", "1g", "1d",
            "10s", "two words", "gantry/steps:dev");

    @TempDir
    Path dir;

    @Test
    void roundTripsARichPipelineBuiltInJavaThroughAFile() {
        PipelineSpec original = richPipeline();

        Path file = PipelineFiles.write(dir, "rich.yaml", PipelineYaml.write(original));

        assertThat(PipelineYaml.read(file)).isEqualTo(original);
    }

    @Test
    void writesBlockYamlWithSmallValuesOnOneLineAndDefaultsLeftOut() {
        Pipeline p = Pipeline.named("hello");
        p.param("greeting", "hello").param("count", 3);
        p.defaultImage("gantry/steps:dev").defaultCpus(1).defaultMemory("1g");
        StepBuilder write = p.step("write")
                .command("sh", "-c", "echo ${params.greeting} > ${outputs.text}")
                .output("text", ArtifactType.FILE);
        p.step("shout")
                .command("tr", "a-z", "A-Z", "${inputs.text}", "${outputs.loud}")
                .input("text", write.out("text"))
                .inputFile("words", "data/words.txt")
                .output("loud", ArtifactType.FILE)
                .env("LEVEL", "11")
                .retry(3, "10s")
                .timeout("1h30m")
                .noCache();

        assertThat(PipelineYaml.write(p.build())).isEqualTo("""
                name: hello
                params: {greeting: hello, count: 3}
                defaults: {image: gantry/steps:dev, resources: {cpus: 1, memory: 1g}}
                steps:
                  write:
                    command: "echo ${params.greeting} > ${outputs.text}"
                    outputs: {text: file}
                  shout:
                    command: [tr, a-z, A-Z, "${inputs.text}", "${outputs.loud}"]
                    inputs: {text: write.text, words: {path: data/words.txt}}
                    outputs: {loud: file}
                    env: {LEVEL: "11"}
                    retry: {attempts: 3, backoff: 10s}
                    timeout: 1h30m
                    cache: false
                """);
    }

    @Test
    void writesContainerKeysInTheirShortFormsWhereTheyHaveOne() {
        Pipeline p = Pipeline.named("boxed").executor(ExecutorChoice.DOCKER);
        p.step("train")
                .command("train")
                .build(BuildSpec.of("images/train").withDockerfile("Dockerfile.gpu").withArg("PYTHON", "3.12"))
                .gpus(1).shm("2g").shareGpus()
                .volume("data", "/data")
                .volume("cache", "/cache", false)
                .volume("c:/windows", "/w")
                .tmpfs("/tmp")
                .tmpfs("/scratch", "512m")
                .checkpoints("/checkpoints")
                .network("host")
                .capabilities("SYS_PTRACE")
                .unsafe("host-network", "cap:SYS_PTRACE");
        p.step("notify").command("notify").build("images/notify").fingerprint("uname", "-r")
                .fingerprint("sh", "-c", "pip freeze | sort");

        assertThat(PipelineYaml.write(p.build())).isEqualTo("""
                name: boxed
                executor: docker
                steps:
                  train:
                    command: [train]
                    build: {context: images/train, dockerfile: Dockerfile.gpu, args: {PYTHON: "3.12"}}
                    resources: {gpus: 1, shm: 2g, shareGpus: true}
                    volumes: [data:/data, cache:/cache:rw, {source: c:/windows, target: /w}]
                    tmpfs: [/tmp, {path: /scratch, size: 512m}]
                    checkpoints: /checkpoints
                    network: host
                    capabilities: [SYS_PTRACE]
                    unsafe: [host-network, cap:SYS_PTRACE]
                  notify:
                    command: [notify]
                    build: images/notify
                    fingerprint: [[uname, -r], pip freeze | sort]
                """);
    }

    @Test
    void writesWhatDoesNotFitOnALineInBlockStyle() {
        Pipeline p = Pipeline.named("long");
        p.step("train").command("gantry-step", "train", "--learning-rate", "0.001", "--epochs", "100",
                "--batch-size", "64", "--optimizer", "adam-with-weight-decay");

        assertThat(PipelineYaml.write(p.build())).isEqualTo("""
                name: long
                steps:
                  train:
                    command:
                      - gantry-step
                      - train
                      - --learning-rate
                      - "0.001"
                      - --epochs
                      - "100"
                      - --batch-size
                      - "64"
                      - --optimizer
                      - adam-with-weight-decay
                """);
    }

    @Test
    void quotesOnlyTheStringsThatYamlWouldReadAsSomethingElse() {
        Pipeline p = Pipeline.named("tricky");
        StepBuilder step = p.step("tricky").command(TRICKY.toArray(String[]::new));
        for (int i = 0; i < TRICKY.size(); i++) {
            p.param("p" + i, TRICKY.get(i));
            step.env("V" + i, TRICKY.get(i));
        }
        step.env("two words", "x").env("1", "x").env("yes", "x");
        PipelineSpec original = p.build();

        String yaml = PipelineYaml.write(original);

        assertThat(PipelineYaml.parse(yaml, "tricky.yaml")).isEqualTo(original);
        assertThat(yaml)
                .contains("\n  p11: 42\n", "\n  p15: .5\n", "\n  p3: yes\n", "\n  p26: \"a: b\"\n", "\n  p0: \"\"\n")
                .contains("\n      V11: \"42\"\n", "\n      V3: \"yes\"\n", "\n      V27: a:b\n", "\n      \"1\": x\n")
                .contains("\n      - two words\n", "\n      - gantry/steps:dev\n", "\n      - \"~\"\n")
                .contains("\"line\\nbreak\"", "\"\\u0001bell\"", "\"line\\u2028sep\"", "\"back\\\\slash\"");
    }

    @Test
    void readsBackEveryTrickyStringWrittenOnOneLineToo() {
        for (String tricky : TRICKY) {
            Pipeline p = Pipeline.named("flow");
            p.param("p", tricky);
            p.step("s").command("x", tricky).env("A", tricky).code(tricky.isBlank() ? "x" : tricky);
            PipelineSpec original = p.build();

            String yaml = PipelineYaml.write(original);

            assertThat(yaml).contains("params: {p: ", "command: [x, ", "env: {A: ");
            assertThat(PipelineYaml.parse(yaml, "flow.yaml")).as(yaml).isEqualTo(original);
        }
    }

    /** A pipeline that uses every feature of the format. */
    static PipelineSpec richPipeline() {
        Pipeline p = Pipeline.named("breast-cancer");
        p.param("seed", 42).param("test_fraction", 0.2).param("label", "diagnosis");
        p.defaultImage("gantry/steps:dev").defaultCpus(1).defaultMemory("1g")
                .defaultExecutorSettings("slurm", Map.of("partition", "cpu"));
        StepBuilder ingest = p.step("ingest")
                .command("gantry-step", "ingest-csv", "--source", "${inputs.raw}", "--out", "${outputs.table}")
                .code("scripts/ingest.sh", "scripts/common.sh")
                .fingerprint("python3", "-m", "pip", "freeze")
                .fingerprint("sh", "-c", "java -version 2>&1 | head -1; echo ${params.seed}")
                .inputFile("raw", "data/breast_cancer.csv")
                .output("table", ArtifactType.ARROW);
        StepBuilder split = p.step("split")
                .command("sh", "-c", "gantry-step split --seed ${params.seed} --test ${params.test_fraction}"
                        + " ${inputs.table} ${outputs.train} ${outputs.test}")
                .input("table", ingest.out("table"))
                .output("train", ArtifactType.ARROW)
                .output("test", ArtifactType.ARROW);
        StepBuilder train = p.step("train")
                .image("gantry/train:1.2")
                .command("gantry-step", "train", "--label", "${params.label}", "${inputs.train}", "${outputs.model}")
                .input("train", split.out("train"))
                .output("model", ArtifactType.FILE)
                .output("logs", ArtifactType.DIR)
                .env("OMP_NUM_THREADS", "4")
                .env("MODEL_PATH", "${outputs.model}")
                .workdir("work/train")
                .cpus(0.5)
                .memory("8g")
                .gpus(1)
                .retry(3, "10s")
                .timeout("2h")
                .cacheVersion("2")
                .executorSettings("kubernetes", Map.of("nodeSelector", Map.of("pool", "a100"), "priorityClass", "high",
                        "tolerations", List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists"))));
        StepBuilder evaluate = p.step("evaluate")
                .command("gantry-step", "evaluate", "${inputs.model}", "${inputs.test}", "${outputs.metrics}")
                .input("model", train.out("model"))
                .input("test", split.out("test"))
                .output("metrics", ArtifactType.METRICS)
                .memory("1536m")
                .retry(2, "1m30s")
                .build(BuildSpec.of("images/evaluate").withArg("LEVEL", "2"))
                .volume("data/models", "/models")
                .volume("/var/cache/pip", "/cache", false)
                .tmpfs("/tmp", "1g")
                .checkpoints("/checkpoints")
                .network("bridge")
                .capabilities("SYS_PTRACE", "NET_ADMIN")
                .unsafe("cap:SYS_PTRACE", "cap:net_admin")
                .shm("1g")
                .shareGpus();
        p.step("notify")
                .command("sh", "-c", "echo done")
                .after(evaluate, train)
                .build("images/notify")
                .noCache();
        p.executor(ExecutorChoice.AUTO);
        return p.build();
    }
}

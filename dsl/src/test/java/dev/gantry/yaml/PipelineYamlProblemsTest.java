package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of problem the reader reports, each asserted in full. */
class PipelineYamlProblemsTest {
    @TempDir
    Path dir;

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndColumn() {
        Path file = write(dir, """
                name: breast-cancer
                params: {seed: 42}
                steps:
                  ingest:
                    command: [ingest, "${outputs.table}"]
                    outputs: {table: parquet}
                  train:
                    comand: [train, "${params.sed}"]
                    inputs: {table: ingest.tabel}
                    timeout: 2 hours
                  ingest:
                    command: [again]
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:6:22: invalid artifact type 'parquet' for output 'table' of step 'ingest'"
                        + " (use one of: arrow, file, dir, metrics)",
                "example.yaml:7:3: missing required key 'command' in step 'train'",
                "example.yaml:8:5: unknown key 'comand' in step 'train' (did you mean 'command'?)",
                "example.yaml:9:14: step 'train' reads ingest.tabel, but step 'ingest' has no output 'tabel'"
                        + " (did you mean 'table'?)",
                "example.yaml:10:14: invalid duration '2 hours' for 'timeout' in step 'train'"
                        + " (use a number with ms, s, m, h or d, like 90s or 1h30m)",
                "example.yaml:11:3: duplicate step 'ingest' (first at line 4)");
    }

    @Test
    void suggestsTheKeyAnUnknownKeyWasMeantToBe() {
        Path file = write(dir, """
                name: typos
                schedul: {cron: "0 3 * * *"}
                steps:
                  ingest:
                    command: [ingest]
                  train:
                    comand: [train]
                    command: [train]
                    resources: {cpu: 2}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:2:1: unknown key 'schedul' in the pipeline (did you mean 'schedule'?)",
                "example.yaml:7:5: unknown key 'comand' in step 'train' (did you mean 'command'?)",
                "example.yaml:9:17: unknown key 'cpu' in resources of step 'train' (did you mean 'cpus'?)");
    }

    @Test
    void rejectsDuplicateKeysAnywhereInsteadOfKeepingTheLastOne() {
        Path file = write(dir, """
                name: twice
                steps:
                  a:
                    command: [first]
                    command: [second]
                    env: {A: "1", A: "2"}
                name: again
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:5: duplicate key 'command' (first at line 4)",
                "example.yaml:6:19: duplicate key 'A' (first at line 6)",
                "example.yaml:7:1: duplicate key 'name' (first at line 1)");
    }

    @Test
    void reportsValuesOfTheWrongTypeWithWhatWasFound() {
        Path file = write(dir, """
                name: types
                params: {list: [1, 2]}
                steps:
                  a:
                    command: [run, {x: y}]
                    code: scripts/a.sh
                    inputs: [x]
                    after: b
                    resources: {cpus: -1, gpus: 1.5}
                    retry: {attempts: 0}
                    cache: maybe
                    image: ""
                  b:
                    command: []
                  c:
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:2:16: expected a string for parameter 'list', got a list",
                "example.yaml:5:20: expected a string for item 2 of 'command' in step 'a', got a mapping",
                "example.yaml:6:11: expected a list of strings for 'code' in step 'a', got 'scripts/a.sh'",
                "example.yaml:7:13: expected a mapping for 'inputs' in step 'a', got a list",
                "example.yaml:8:12: expected a list of strings for 'after' in step 'a', got 'b'",
                "example.yaml:9:23: expected a number greater than 0 for 'cpus' in resources of step 'a', got -1",
                "example.yaml:9:33: expected a whole number of at least 0 for 'gpus' in resources of step 'a', got 1.5",
                "example.yaml:10:23: expected a whole number of at least 1 for 'attempts' in retry of step 'a', got 0",
                "example.yaml:11:12: expected true, false or a mapping with 'version' or 'max-age' for 'cache' in step 'a', got 'maybe'",
                "example.yaml:12:12: expected a non-empty string for 'image' in step 'a', got ''",
                "example.yaml:14:14: expected a non-empty list of strings for 'command' in step 'b', got an empty list",
                "example.yaml:15:5: expected a mapping for step 'c', got nothing");
    }

    @Test
    void reportsMissingRequiredKeys() {
        Path file = write(dir, """
                description: no name and no steps
                """);
        Path step = write(dir, "step.yaml", """
                name: missing
                steps:
                  a:
                    image: x
                    inputs: {raw: {}}
                    retry: {backoff: 10s}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:1:1: missing required key 'name' in the pipeline",
                "example.yaml:1:1: missing required key 'steps' in the pipeline");
        assertThat(problemsReading(step)).containsExactly(
                "step.yaml:3:3: missing required key 'command' in step 'a'",
                "step.yaml:5:19: missing required key 'path' in input 'raw' of step 'a'",
                "step.yaml:6:5: missing required key 'attempts' in retry of step 'a'");
    }

    @Test
    void echoesMalformedDurationsAndMemorySizesWithTheAcceptedForm() {
        Path file = write(dir, """
                name: sizes
                defaults: {resources: {memory: lots}}
                steps:
                  a:
                    command: [x]
                    resources: {memory: 12x}
                    retry: {attempts: 2, backoff: 10}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:2:32: invalid memory size 'lots' for 'memory' in resources of defaults"
                        + " (use a number with k, m, g or t, like 512m or 8g)",
                "example.yaml:6:25: invalid memory size '12x' for 'memory' in resources of step 'a'"
                        + " (use a number with k, m, g or t, like 512m or 8g)",
                "example.yaml:7:35: invalid duration '10' for 'backoff' in retry of step 'a'"
                        + " (use a number with ms, s, m, h or d, like 90s or 1h30m)");
    }

    @Test
    void listsTheValidArtifactTypes() {
        Path file = write(dir, """
                name: types
                steps:
                  a:
                    command: [x]
                    outputs: {model: {type: onnx}, table: , other: {kind: file}}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:29: invalid artifact type 'onnx' for output 'model' of step 'a'"
                        + " (use one of: arrow, file, dir, metrics)",
                "example.yaml:5:42: expected an artifact type (one of: arrow, file, dir, metrics)"
                        + " for output 'table' of step 'a', got nothing",
                "example.yaml:5:53: unknown key 'kind' in output 'other' of step 'a' (expected one of: type)");
    }

    @Test
    void rejectsInvalidNamesOfEveryKind() {
        Path file = write(dir, """
                name: My Pipeline
                params: {Seed: 1}
                steps:
                  Train:
                    command: [x]
                    inputs: {Raw: {path: data.csv}}
                    outputs: {the.model: file}
                """);

        String rule = "use lower-case letters, digits, - and _, starting with a letter or digit";
        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:1:1: pipeline name 'My Pipeline' is invalid: " + rule,
                "example.yaml:2:10: parameter name 'Seed' is invalid: " + rule,
                "example.yaml:4:3: step name 'Train' is invalid: " + rule,
                "example.yaml:6:14: input name 'Raw' of step 'Train' is invalid: " + rule,
                "example.yaml:7:15: output name 'the.model' of step 'Train' is invalid: " + rule);
    }

    @Test
    void rejectsAnInputThatIsNeitherAReferenceNorAPath() {
        Path file = write(dir, """
                name: inputs
                steps:
                  a:
                    command: [x]
                    inputs: {raw: data/file.csv, deep: a.b.c, odd: [1]}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:19: invalid reference 'data/file.csv' for input 'raw' of step 'a'"
                        + " (use <step>.<output>, or {path: ...} for a host file)",
                "example.yaml:5:40: invalid reference 'a.b.c' for input 'deep' of step 'a'"
                        + " (use <step>.<output>, or {path: ...} for a host file)",
                "example.yaml:5:52: expected <step>.<output>, {path: ...} or {collect: <step>.<output>} for input 'odd' of step 'a', got a list");
    }

    @Test
    void locatesTheProblemsTheValidatorFinds() {
        Path file = write(dir, """
                name: graph
                params: {seed: 1}
                steps:
                  c:
                    command: [x, "${outputs.o}"]
                    inputs: {in: b.o}
                    outputs: {o: file}
                  a:
                    command: x ${params.sed} ${outputs.o}
                    inputs: {in: c.o}
                    outputs: {o: file}
                  b:
                    command: [x, "${inputs.in}", "${outputs.o}"]
                    inputs: {in: a.o}
                    outputs: {o: file}
                    after: [ghost, b]
                    env: {OUT: "${output.o}"}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:8:3: dependency cycle: a -> b -> c -> a",
                "example.yaml:9:5: step 'a' uses ${params.sed}, but the pipeline has no parameter 'sed'"
                        + " (did you mean 'seed'?)",
                "example.yaml:16:13: step 'b' runs after 'ghost', but there is no step 'ghost'",
                "example.yaml:16:20: step 'b' depends on itself: it is listed in its own 'after'",
                "example.yaml:17:11: step 'b' uses ${output.o}, but 'output' is not a kind of placeholder"
                        + " (did you mean 'outputs'?)");
    }

    @Test
    void reportsMalformedContainerKeysWithTheFormsTheyTake() {
        Path file = write(dir, """
                name: boxes
                executor: K8S
                steps:
                  a:
                    command: [x]
                    build: {dockerfile: Dockerfile, args: [1]}
                    volumes: [data, "a:b:rx", 7, {source: data, readonly: true}]
                    tmpfs: /tmp
                    resources: {shm: big, shareGpus: maybe}
                    network: ""
                    capabilities: SYS_PTRACE
                  b:
                    command: [x]
                    build: [images/b]
                    tmpfs: [{path: /s, size: 0}, [1]]
                    checkpoints: {path: /c}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:2:11: invalid executor 'K8S' for 'executor' in the pipeline (an executor's name"
                        + " is lower-case letters, digits and '-', such as local, docker or auto)",
                "example.yaml:6:5: missing required key 'context' in build of step 'a'",
                "example.yaml:6:43: expected a mapping for 'args' in build of step 'a', got a list",
                "example.yaml:7:15: invalid volume 'data' for volume 1 of 'volumes' in step 'a'"
                        + " (use SOURCE:TARGET, SOURCE:TARGET:rw, or {source: ..., target: ..., readOnly: false})",
                "example.yaml:7:21: invalid volume 'a:b:rx' for volume 2 of 'volumes' in step 'a'"
                        + " (use SOURCE:TARGET, SOURCE:TARGET:rw, or {source: ..., target: ..., readOnly: false})",
                "example.yaml:7:31: invalid volume '7' for volume 3 of 'volumes' in step 'a'"
                        + " (use SOURCE:TARGET, SOURCE:TARGET:rw, or {source: ..., target: ..., readOnly: false})",
                "example.yaml:7:34: missing required key 'target' in volume 4 of 'volumes' in step 'a'",
                "example.yaml:7:49: unknown key 'readonly' in volume 4 of 'volumes' in step 'a'"
                        + " (did you mean 'readOnly'?)",
                "example.yaml:8:12: expected a list of paths for 'tmpfs' in step 'a', got '/tmp'",
                "example.yaml:9:22: invalid memory size 'big' for 'shm' in resources of step 'a'"
                        + " (use a number with k, m, g or t, like 512m or 8g)",
                "example.yaml:9:38: expected true or false for 'shareGpus' in resources of step 'a', got 'maybe'",
                "example.yaml:10:14: expected a non-empty string for 'network' in step 'a', got ''",
                "example.yaml:11:19: expected a list of strings for 'capabilities' in step 'a', got 'SYS_PTRACE'",
                "example.yaml:14:12: expected a directory or a mapping with 'context' for 'build' in step 'b',"
                        + " got a list",
                "example.yaml:15:30: invalid memory size '0' for 'size' in tmpfs mount 1 of 'tmpfs' in step 'b'"
                        + " (use a number with k, m, g or t, like 512m or 8g)",
                "example.yaml:15:34: expected a path or a mapping with 'path' for tmpfs mount 2 of 'tmpfs'"
                        + " in step 'b', got a list",
                "example.yaml:16:18: expected a non-empty string for 'checkpoints' in step 'b', got a mapping");
    }

    @Test
    void rejectsMountsOutsideTheContainerOrOverGantrysOwnAndUnknownCapabilities() {
        Path file = write(dir, """
                name: mounts
                steps:
                  a:
                    command: [x]
                    image: busybox
                    build: images/a
                    volumes: [data:data, data:/gantry/inputs, cache:/data, "other:/data/:rw"]
                    tmpfs: [/gantry, /scratch]
                    checkpoints: /scratch
                    capabilities: [NET_ADMN, CAP_SYS_PTRACE, ALL, dance]
                    unsafe: [cap:SYS_PTRACE]
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:6:5: step 'a' sets both 'image' and 'build'; give one of them",
                "example.yaml:7:15: volume target 'data' of step 'a' is not an absolute path"
                        + " (write where the container sees it, like /data)",
                "example.yaml:7:26: volume target '/gantry/inputs' of step 'a' is inside /gantry, where Gantry"
                        + " mounts the step's inputs and outputs; choose another path",
                "example.yaml:7:60: step 'a' mounts both volume 3 and volume 4 at '/data'",
                "example.yaml:8:13: tmpfs path '/gantry' of step 'a' is inside /gantry, where Gantry mounts the"
                        + " step's inputs and outputs; choose another path",
                "example.yaml:9:5: step 'a' mounts both tmpfs mount 2 and its checkpoints at '/scratch'",
                "example.yaml:10:20: step 'a' keeps capability 'NET_ADMN', which is not a Linux capability"
                        + " (did you mean 'NET_ADMIN'?)",
                "example.yaml:10:46: step 'a' keeps capability 'ALL', which is as good as privileged;"
                        + " list the capabilities it needs instead",
                "example.yaml:10:51: step 'a' keeps capability 'dance', which is not a Linux capability"
                        + " (such as NET_ADMIN or SYS_PTRACE)");
    }

    @Test
    void reportsAYamlSyntaxErrorAsOneProblemWithItsLocation() {
        Path unclosed = write(dir, "unclosed.yaml", "name: x\nsteps:\n  a:\n    command: [a, b\n");
        Path tab = write(dir, "tab.yaml", "name: x\nsteps:\n\ta: {command: x}\n");
        Path complexKey = write(dir, "key.yaml", "? [a, b]\n: c\n");

        assertThat(problemsReading(unclosed)).containsExactly("unclosed.yaml:5:1: invalid YAML:"
                + " expected ',' or ']', but got <stream end> (while parsing a flow sequence that starts at line 4)");
        assertThat(problemsReading(tab)).containsExactly(
                "tab.yaml:3:1: invalid YAML: a tab cannot start a token here (indent with spaces, not tabs)");
        assertThat(problemsReading(complexKey)).containsExactly(
                "key.yaml:1:4: invalid YAML: mapping keys must be plain values, not lists or mappings");
    }

    @Test
    void rejectsFilesThatHoldNoPipelineMapping() {
        Path empty = write(dir, "empty.yaml", "# Nothing here yet.\n");
        Path list = write(dir, "list.yaml", "- name: a\n");
        Path two = write(dir, "two.yaml", "name: a\nsteps: {s: {command: x}}\n---\nname: b\n");
        Path alias = write(dir, "alias.yaml", "name: a\nbase: &b {command: x}\nsteps: {s: *b}\n");

        assertThat(problemsReading(empty)).containsExactly(
                "empty.yaml:1:1: the file is empty; a pipeline needs at least 'name' and 'steps'");
        assertThat(problemsReading(list)).containsExactly(
                "list.yaml:1:1: expected a mapping with 'name' and 'steps' for the top of a pipeline file, got a list");
        assertThat(problemsReading(two)).containsExactly(
                "two.yaml:4:1: the file holds a second YAML document; a pipeline file holds one");
        assertThat(problemsReading(alias)).containsExactly(
                "alias.yaml:2:1: unknown key 'base' in the pipeline (expected one of: name, description, executor, schedule, params, defaults, steps, secrets)",
                "alias.yaml:3:12: YAML aliases (*b) are not supported; write the value out",
                "alias.yaml:3:12: expected a mapping for step 's', got '*b'");
    }

    @Test
    void namesTheFileThatCannotBeRead() throws IOException {
        Path missing = dir.resolve("missing.yaml");
        Path directory = Files.createDirectory(dir.resolve("folder.yaml"));
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        assertThat(problemsReading(missing)).containsExactly("cannot read pipeline file " + missing + ": no such file");
        assertThat(problemsReading(directory)).containsExactly(
                "cannot read pipeline file " + directory + ": it is a directory");
        assertThat(problemsReading(latin1)).containsExactly(
                "cannot read pipeline file " + latin1 + ": it is not UTF-8 text");
    }
}

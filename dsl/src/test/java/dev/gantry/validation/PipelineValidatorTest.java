package dev.gantry.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.CacheSpec;
import dev.gantry.spec.Defaults;
import dev.gantry.spec.InputSpec;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.StepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {

    @Test
    void acceptsAWellFormedPipelineBuiltInJava() {
        Pipeline p = Pipeline.named("ok");
        p.param("greeting", "hello");
        StepBuilder write = p.step("write")
                .command("sh", "-c", "echo ${params.greeting} > ${outputs.text}; echo ${HOME}")
                .output("text", ArtifactType.FILE);
        p.step("shout")
                .command("tr", "a-z", "A-Z", "${inputs.text}")
                .input("text", write.out("text"))
                .env("OUT", "${outputs.loud}")
                .output("loud", ArtifactType.FILE);

        assertThat(PipelineValidator.validate(p.build(), SourceMap.NONE)).isEmpty();
    }

    @Test
    void namesTheStepInEveryProblemOfAPipelineWithoutLocations() {
        PipelineSpec spec = spec(
                step("ingest", List.of("ingest", "${outputs.tabel}", "${input.raw}"), Map.of(), Map.of("table", ArtifactType.ARROW), List.of()),
                step("train", List.of("train", "${params.sed}", "${inputs.tbl}"),
                        ordered("tbl", new InputSpec.StepOutput("ingst", "table"),
                                "other", new InputSpec.StepOutput("ingest", "tabel"),
                                "mine", new InputSpec.StepOutput("train", "model")),
                        Map.of("model", ArtifactType.FILE), List.of("ingets", "train")),
                step("empty", List.of(), Map.of(), Map.of(), List.of()));

        assertThat(PipelineValidator.validate(spec, SourceMap.NONE)).map(Problem::toString).containsExactly(
                "step 'ingest' uses ${outputs.tabel}, but it declares no output 'tabel' (did you mean 'table'?)",
                "step 'ingest' uses ${input.raw}, but 'input' is not a kind of placeholder (did you mean 'inputs'?)",
                "step 'train' reads ingst.table, but there is no step 'ingst' (did you mean 'ingest'?)",
                "step 'train' reads ingest.tabel, but step 'ingest' has no output 'tabel' (did you mean 'table'?)",
                "step 'train' depends on itself: input 'mine' reads train.model",
                "step 'train' runs after 'ingets', but there is no step 'ingets' (did you mean 'ingest'?)",
                "step 'train' depends on itself: it is listed in its own 'after'",
                "step 'train' uses ${params.sed}, but the pipeline has no parameter 'sed' (did you mean 'seed'?)",
                "step 'empty' has no command");
    }

    @Test
    void listsWhatThereIsWhenNoNameIsClose() {
        PipelineSpec spec = spec(
                step("a", List.of("x"), Map.of(),
                        ordered("table", ArtifactType.ARROW, "stats", ArtifactType.METRICS), List.of()),
                step("b", List.of("${params.zzz}", "${foo.bar}", "${outputs.zzz}"),
                        Map.of("in", new InputSpec.StepOutput("a", "model")), Map.of(), List.of()));

        assertThat(PipelineValidator.validate(spec, SourceMap.NONE)).map(Problem::toString).containsExactly(
                "step 'b' reads a.model, but step 'a' has no output 'model' (its outputs are: table, stats)",
                "step 'b' uses ${params.zzz}, but the pipeline has no parameter 'zzz' (its parameters are: seed)",
                "step 'b' uses ${foo.bar}, but 'foo' is not a kind of placeholder (the kinds are: inputs, outputs, params)",
                "step 'b' uses ${outputs.zzz}, but it declares no output 'zzz'");
    }

    @Test
    void reportsInvalidNamesOfSpecsMadeWithoutTheBuilder() {
        PipelineSpec spec = new PipelineSpec("My Pipeline", Map.of("Seed", "1"), Defaults.NONE, Map.of("Step",
                step("Step", List.of("x"), Map.of("In put", new InputSpec.HostPath("f")), Map.of("OUT", ArtifactType.FILE), List.of())));

        assertThat(PipelineValidator.validate(spec, SourceMap.NONE)).map(Problem::toString).containsExactly(
                "pipeline name 'My Pipeline' is invalid: use lower-case letters, digits, - and _, starting with a letter or digit",
                "parameter name 'Seed' is invalid: use lower-case letters, digits, - and _, starting with a letter or digit",
                "step name 'Step' is invalid: use lower-case letters, digits, - and _, starting with a letter or digit",
                "input name 'In put' of step 'Step' is invalid: use lower-case letters, digits, - and _, starting with a letter or digit",
                "output name 'OUT' of step 'Step' is invalid: use lower-case letters, digits, - and _, starting with a letter or digit");
    }

    @Test
    void namesTheStepInContainerProblemsOfAPipelineBuiltInJava() {
        Pipeline p = Pipeline.named("boxed");
        p.step("train").command("x").image("busybox").build("images/train")
                .volume("data", "/gantry/outputs/x").volume("cache", "/cache", false).tmpfs("/cache/")
                .checkpoints("checkpoints").capabilities("SYS_PTRACE", "cap_net_raw", "SYS_PTRACEE").unsafe("cap:SYS_PTRACE");

        assertThatThrownBy(p::build)
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("step 'train' sets both 'image' and 'build'; give one of them\n"
                        + "volume target '/gantry/outputs/x' of step 'train' is inside /gantry, where Gantry mounts"
                        + " the step's inputs and outputs; choose another path\n"
                        + "step 'train' mounts both volume 2 and tmpfs mount 1 at '/cache'\n"
                        + "checkpoints path 'checkpoints' of step 'train' is not an absolute path"
                        + " (write where the container sees it, like /data)\n"
                        + "step 'train' keeps capability 'SYS_PTRACEE', which is not a Linux capability"
                        + " (did you mean 'SYS_PTRACE'?)");
    }

    @Test
    void theBuilderRejectsBlankContainerSettingsWhereTheyAreWritten() {
        StepBuilder step = Pipeline.named("p").step("s");

        assertThatThrownBy(() -> step.volume("data", " ")).hasMessage("step 's': volume target must not be blank");
        assertThatThrownBy(() -> step.network("")).hasMessage("step 's': network must not be blank");
        assertThatThrownBy(() -> step.tmpfs("/t", "lots"))
                .hasMessage("'lots' is not a memory size (use a number with k, m, g or t, like 512m)");
        assertThatThrownBy(() -> step.build((String) null)).hasMessage("step 's': build context must not be blank");
    }

    @Test
    void reportsEachCycleOnceStartingFromItsAlphabeticallyFirstStep() {
        Pipeline p = Pipeline.named("cycles");
        StepBuilder c = p.step("c").command("x");
        StepBuilder a = p.step("a").command("x");
        StepBuilder b = p.step("b").command("x");
        a.after(c);
        b.after(a);
        c.after(b);
        StepBuilder y = p.step("y").command("x");
        StepBuilder x = p.step("x").command("x").after(y);
        y.after(x);
        p.step("z").command("x").after(a, x);

        assertThatThrownBy(p::build)
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("dependency cycle: a -> b -> c -> a\n"
                        + "dependency cycle: x -> y -> x");
    }

    @Test
    void reportsTheShortestWayRoundAStronglyConnectedGroup() {
        PipelineSpec spec = spec(
                step("a", List.of("x"), Map.of(), Map.of(), List.of("d")),
                step("b", List.of("x"), Map.of(), Map.of(), List.of("a")),
                step("c", List.of("x"), Map.of(), Map.of(), List.of("b")),
                step("d", List.of("x"), Map.of(), Map.of(), List.of("c", "a")));

        assertThat(PipelineValidator.validate(spec, SourceMap.NONE)).map(Problem::toString)
                .containsExactly("dependency cycle: a -> d -> a");
    }

    /** A map in the order given, as a file would declare it. */
    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    private static PipelineSpec spec(StepSpec... steps) {
        Map<String, StepSpec> map = new LinkedHashMap<>();
        for (StepSpec s : steps) {
            map.put(s.name(), s);
        }
        return new PipelineSpec("test", Map.of("seed", "1"), Defaults.NONE, map);
    }

    private static StepSpec step(String name, List<String> command, Map<String, InputSpec> inputs,
            Map<String, ArtifactType> outputs, List<String> after) {
        return new StepSpec(name, command, Optional.empty(), List.of(), new LinkedHashMap<>(inputs),
                new LinkedHashMap<>(outputs), after, Map.of(), Optional.empty(), Resources.NONE, RetrySpec.NONE,
                Optional.empty(), CacheSpec.DEFAULT);
    }
}

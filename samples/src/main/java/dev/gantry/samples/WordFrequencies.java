package dev.gantry.samples;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pipeline written in Java and run from Java: the most frequent words of a text.
 *
 * <p>Steps are connected by handing one step's output reference ({@code split.out("words")})
 * to the next step's input, so the graph cannot name a step or output that does not exist.
 * The run uses the same store and cache as the {@code gantry} command: run it twice and the
 * second run comes from the cache; {@code gantry runs} lists both.
 *
 * <p>Run it with {@code mvn -q install -DskipTests && mvn -q -f samples exec:java} from the
 * repository root (see README.md).
 */
public final class WordFrequencies {
    private WordFrequencies() {}

    /** The pipeline: split a text into words, count them, keep the top {@code top}. */
    public static PipelineSpec pipeline() {
        Pipeline p = Pipeline.named("word-frequencies")
                .param("top", 10);

        StepBuilder split = p.step("split")
                .command("sh", "-c", "tr -cs '[:alpha:]' '\\n' < ${inputs.text} | tr '[:upper:]' '[:lower:]' "
                        + "| grep -v '^$' > ${outputs.words}")
                .inputFile("text", "data/the-road-not-taken.txt")
                .output("words", ArtifactType.FILE);

        StepBuilder count = p.step("count")
                .command("sh", "-c", "sort ${inputs.words} | uniq -c | sort -k1,1nr -k2 > ${outputs.counts}")
                .input("words", split.out("words"))
                .output("counts", ArtifactType.FILE);

        p.step("top")
                .command("sh", "-c", "head -n ${params.top} ${inputs.counts} | tee ${outputs.top}")
                .input("counts", count.out("counts"))
                .output("top", ArtifactType.FILE);

        return p.build();
    }

    /**
     * Runs the pipeline and prints the result.
     *
     * @param args the directory holding {@code data/} (default: {@code samples/java}), and the
     *     store (default: {@code .gantry})
     */
    public static void main(String[] args) throws IOException {
        Path inputs = Path.of(args.length > 0 ? args[0] : "samples/java");
        Path store = Path.of(args.length > 1 ? args[1] : ".gantry");
        try (Gantry gantry = Gantry.open(store)) {
            RunResult result = gantry.run(pipeline(), RunOptions.defaults().withBaseDir(inputs));
            for (StepResult step : result.steps()) {
                System.out.printf("%-6s %s%n", step.name(), step.status().label());
            }
            result.step("top").filter(s -> s.status().hasOutputs()).ifPresent(top -> {
                try {
                    System.out.print(Files.readString(top.outputs().get("top").path()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.exit(result.succeeded() ? 0 : 1);
        }
    }
}

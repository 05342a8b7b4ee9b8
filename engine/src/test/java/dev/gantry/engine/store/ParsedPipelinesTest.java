package dev.gantry.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunOptions;
import dev.gantry.engine.RunResult;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's cache of parsed pipeline files, on real files. */
class ParsedPipelinesTest {
    private static final String TEXT = """
            name: kept
            steps:
              a:
                command: [sh, -c, 'echo a > ${outputs.o}']
                outputs: {o: file}
            """;

    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();

    private Supplier<PipelineSpec> parse(String text) {
        return () -> {
            parses.incrementAndGet();
            return PipelineYaml.parse(text, "p.yaml");
        };
    }

    @Test
    void aFileSeenBeforeIsReadBackWithoutParsing() {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));

        PipelineSpec first = cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        PipelineSpec second = new ParsedPipelines(dir, Optional.of("build 1")).spec(TEXT, parse(TEXT));

        assertThat(parses).hasValue(1);
        assertThat(second).isEqualTo(first).isEqualTo(PipelineYaml.parse(TEXT, "p.yaml"));
    }

    @Test
    void otherTextOrAnotherBuildIsParsedAgain() {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));
        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();

        String changed = TEXT.replace("echo a", "echo b");
        PipelineSpec spec = cache.spec(changed, parse(changed));
        cache.awaitWritten();
        ParsedPipelines otherBuild = new ParsedPipelines(dir, Optional.of("build 2"));
        otherBuild.spec(TEXT, parse(TEXT));
        otherBuild.awaitWritten();

        assertThat(parses).hasValue(3);
        assertThat(spec.steps().get("a").command()).contains("echo b > ${outputs.o}");
    }

    @Test
    void anUnreadableEntryIsParsedAgainAndReplaced() throws Exception {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));
        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        Path entry = entries().get(0);
        Files.write(entry, new byte[] {1, 2, 3});

        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        cache.spec(TEXT, parse(TEXT));

        assertThat(parses).hasValue(2);
        assertThat(entries()).containsExactly(entry);
    }

    @Test
    void withoutABuildNothingIsKept() throws Exception {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.empty());

        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        cache.spec(TEXT, parse(TEXT));

        assertThat(parses).hasValue(2);
        assertThat(entries()).isEmpty();
    }

    @Test
    void aStoreThatCannotTakeEntriesStillRunsThePipeline() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "in the way");
        ParsedPipelines cache = new ParsedPipelines(notADirectory, Optional.of("build 1"));

        PipelineSpec spec = cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();

        assertThat(spec.name()).isEqualTo("kept");
        assertThat(Files.readString(notADirectory)).isEqualTo("in the way");
    }

    @Test
    void aDirectoryOfClassesIsToldApartByItsFiles() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "one");
        Optional<String> before = ParsedPipelines.identity(classes);
        Files.writeString(classes.resolve("A.class"), "other");

        assertThat(before).isPresent();
        assertThat(ParsedPipelines.identity(classes)).isPresent().isNotEqualTo(before);
        assertThat(ParsedPipelines.identity(dir.resolve("missing"))).isEmpty();
        assertThat(ParsedPipelines.buildOf(PipelineYaml.class)).isPresent();
    }

    @Test
    void aRunOfAChangedFileRunsTheChangeNotTheCachedSpec() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), TEXT);
        Path store = dir.resolve("store");
        try (Gantry gantry = Gantry.open(store)) {
            gantry.run(file, RunOptions.defaults());
        }
        Files.writeString(file, TEXT.replace("echo a", "echo b"));
        RunResult changed;
        try (Gantry gantry = Gantry.open(store)) {
            changed = gantry.run(file, RunOptions.defaults());
        }

        assertThat(Files.readString(changed.steps().get(0).outputs().get("o").path())).isEqualTo("b\n");
        try (Stream<Path> kept = Files.list(store.resolve("pipelines"))) {
            assertThat(kept).hasSize(2);
        }
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}

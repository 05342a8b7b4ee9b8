package dev.gantry.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
    void anEntryThatHoldsAnotherTextIsNotUsed() throws Exception {
        String other = TEXT.replace("echo a", "echo b");
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));
        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        // As if the two texts' checksums were the same: the other text's entry holds this one.
        Files.copy(cache.entryFor(TEXT), cache.entryFor(other));

        ParsedPipelines again = new ParsedPipelines(dir, Optional.of("build 1"));
        PipelineSpec spec = again.spec(other, parse(other));
        again.awaitWritten();

        assertThat(parses).hasValue(2);
        assertThat(spec).isEqualTo(PipelineYaml.parse(other, "p.yaml"));
    }

    @Test
    void anEntryWhoseSpecWasEditedIsParsedAgainNeverRun() throws Exception {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));
        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();
        Path entry = entries().get(0);
        byte[] bytes = Files.readAllBytes(entry);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        int inSpec = latin.lastIndexOf("echo a");
        assertThat(inSpec).isGreaterThan(latin.indexOf("echo a"));
        System.arraycopy("rm -rf".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, inSpec, 6);
        Files.write(entry, bytes);

        ParsedPipelines again = new ParsedPipelines(dir, Optional.of("build 1"));
        PipelineSpec spec = again.spec(TEXT, parse(TEXT));
        again.awaitWritten();

        assertThat(parses).hasValue(2);
        assertThat(spec.steps().get("a").command()).containsExactly("sh", "-c", "echo a > ${outputs.o}");
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

    @Test
    void onlyTheEntriesUsedLastAreKept() throws Exception {
        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"), 3);
        Instant now = Instant.now();
        // Written first, so oldest, but used again: that counts.
        Path usedAgain = keep(cache, version(0), now.minus(Duration.ofHours(5)));
        Path oldest = keep(cache, version(1), now.minus(Duration.ofHours(4)));
        Path recent = keep(cache, version(2), now.minus(Duration.ofHours(2)));
        cache.spec(version(0), parse(version(0)));

        Path newest = keep(cache, version(3), now);

        assertThat(parses).hasValue(4);
        assertThat(entries()).containsExactlyInAnyOrder(usedAgain, recent, newest).doesNotContain(oldest);
    }

    @Test
    void temporaryFilesThatAWriterLeftBehindGoWithTheNextWrite() throws Exception {
        Path abandoned = Files.writeString(dir.resolve("writing-1.tmp"), "half");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inProgress = Files.writeString(dir.resolve("writing-2.tmp"), "half");

        ParsedPipelines cache = new ParsedPipelines(dir, Optional.of("build 1"));
        cache.spec(TEXT, parse(TEXT));
        cache.awaitWritten();

        assertThat(abandoned).doesNotExist();
        assertThat(inProgress).exists();
    }

    /** Parses and keeps {@code text}, and dates its new entry {@code used}. */
    private Path keep(ParsedPipelines cache, String text, Instant used) throws Exception {
        List<Path> before = entries();
        cache.spec(text, parse(text));
        cache.awaitWritten();
        List<Path> added = new java.util.ArrayList<>(entries());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        Files.setLastModifiedTime(added.get(0), FileTime.from(used));
        return added.get(0);
    }

    private static String version(int n) {
        return TEXT.replace("echo a", "echo " + n);
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}

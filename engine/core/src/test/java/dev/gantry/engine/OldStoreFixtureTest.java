package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store made by an older build is served by this one: every step of the fixture's pipeline
 * comes from the cache, under the key the old build recorded, with the outputs it recorded.
 *
 * <p>The fixture, in {@code store-fixture/}, is the {@code .gantry} store that one run of
 * {@code pipeline.yaml} left ({@code store.zip}), made through the CLI by the build of the commit
 * that {@code make-fixture.sh} and {@code recorded-keys.tsv} name, and what that run recorded of
 * each step ({@code recorded-keys.tsv}): its key, its outputs' digests and the key parts. The
 * test copies it into a temporary directory and runs the pipeline there through {@link Gantry}.
 *
 * <p>Under the local executor a key holds the programs a step runs as this host finds them
 * (see {@code HostIdentity}): the program's path on {@code PATH} and its digest, and a script's
 * {@code #!} interpreter likewise, which differ between machines (dash or bash, {@code /usr/bin}
 * or {@code /bin}). A fixture made of such steps would miss on another machine, so every step
 * but one runs {@code ./fx}, a file of the fixture: a program named by a relative path is keyed
 * by the name written and its content, and {@code fx} has no {@code #!} line, so no interpreter of
 * the host joins the key (the system runs it with {@code /bin/sh}, but only if it runs at all,
 * which on a hit it does not). Those keys are the same on every machine, and each must be a hit.
 *
 * <p>One step, {@code echo}, runs {@code sh}, as most real steps run a program of the host, so
 * that the key part that names a host program is covered too. For it the test works out this
 * machine's entry by itself (the first executable {@code sh} on {@code PATH}, with its content
 * digest), puts it in the recorded key parts in place of the recorded entry, and requires the key
 * parts this build records to be exactly that. Where the result equals the recording, as on the
 * machine that made the fixture, the step must be a hit; elsewhere it must run and write the
 * recorded output again. So on every machine the test pins that this build computes the
 * recorded keys but for the one part that names a host program, and on a machine like the one
 * that made the fixture, that every step is a hit and none runs.
 */
class OldStoreFixtureTest {
    private static final String FIXTURE = "store-fixture/";
    /** The fixture's files besides the store: the project the pipeline runs in, and the recording. */
    private static final List<String> FILES = List.of("pipeline.yaml", "fx", "lib.sh", "data/words.txt",
            "recorded-keys.tsv");
    /** A key part that names a program of the host by its absolute path, with its digest. */
    private static final Pattern HOST_PROGRAM = Pattern.compile("\"program\":\\{\"(/[^\"]*)\":\"([0-9a-f]{64})\"}");

    @TempDir
    Path dir;

    /** What the fixture's run recorded of one step. */
    private record Recorded(String step, StepStatus status, String key, Map<String, String> outputs, String parts) {}

    /**
     * With {@code verify}, the run hashes every object a hit serves and every host input again,
     * so the old store's objects must also hash to their names by this build's digests.
     */
    @ParameterizedTest(name = "verify = {0}")
    @ValueSource(booleans = {false, true})
    void everyStepOfTheOldStoreIsACacheHitWithTheOutputsItRecorded(boolean verify) throws IOException {
        Path project = copyFixture();
        Path storeDir = project.resolve(".gantry");
        List<String> lines = Files.readAllLines(project.resolve("recorded-keys.tsv")).stream()
                .filter(line -> !line.startsWith("#")).toList();
        assertThat(lines.get(0)).as("the first line of recorded-keys.tsv").startsWith("run\t");
        String fixtureRun = lines.get(0).substring("run\t".length());
        List<Recorded> recorded = lines.subList(1, lines.size()).stream().map(OldStoreFixtureTest::recorded).toList();

        RunResult result;
        try (Gantry gantry = Gantry.open(storeDir)) {
            result = gantry.run(project.resolve("pipeline.yaml"), RunOptions.defaults().withVerifyCache(verify));
        }
        Map<String, StepRecord> stored = new LinkedHashMap<>();
        try (RunStore store = RunStore.open(new StoreLayout(storeDir))) {
            store.queries().steps(result.runId()).forEach(s -> stored.put(s.step(), s));
        }

        assertThat(result.status()).as("the run").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.statuses().keySet()).containsExactlyInAnyOrderElementsOf(
                recorded.stream().map(Recorded::step).toList());
        long mustRun = 0;
        for (Recorded old : recorded) {
            assertThat(old.status()).as("%s in the fixture", old.step()).isEqualTo(StepStatus.SUCCEEDED);
            String parts = onThisMachine(old.parts());
            StepResult step = result.step(old.step()).orElseThrow();

            assertThat(stored.get(old.step()).keyParts()).as("the key parts of %s", old.step()).contains(parts);
            assertThat(step.cacheKey()).as("the key of %s", old.step()).contains(sha256(parts));
            if (parts.equals(old.parts())) {
                assertThat(step.cacheKey()).as("the key of %s", old.step()).contains(old.key());
                assertThat(step.status()).as("%s", old.step()).isEqualTo(StepStatus.CACHED);
                assertThat(step.message()).as("%s", old.step()).contains("cached from run " + fixtureRun);
            } else {
                // Another host program than the fixture's: a miss, and the step writes what it wrote there.
                assertThat(step.status()).as("%s, whose host program differs", old.step()).isEqualTo(StepStatus.SUCCEEDED);
                mustRun++;
            }
            for (Map.Entry<String, String> output : old.outputs().entrySet()) {
                OutputArtifact artifact = step.outputs().get(output.getKey());
                assertThat(artifact).as("output %s of %s", output.getKey(), old.step()).isNotNull();
                assertThat(artifact.sha256()).as("output %s of %s", output.getKey(), old.step())
                        .isEqualTo(output.getValue());
                assertThat(ContentDigest.ofPath(artifact.path())).as("the object of %s", artifact.path())
                        .isEqualTo(output.getValue());
            }
            assertThat(step.outputs().keySet()).as("outputs of %s", old.step())
                    .containsExactlyInAnyOrderElementsOf(old.outputs().keySet());
        }
        assertThat(result.count(StepStatus.SUCCEEDED)).as("steps that ran").isEqualTo(mustRun);
        assertThat(result.count(StepStatus.CACHED)).as("steps from the cache").isEqualTo(recorded.size() - mustRun);
    }

    /** The fixture's project files and store, in a directory of this test's own. */
    private Path copyFixture() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        for (String file : FILES) {
            Path target = project.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = resource(file)) {
                Files.copy(in, target);
            }
        }
        // Only a step that misses runs it, and then it should start rather than fail to.
        assertThat(project.resolve("fx").toFile().setExecutable(true)).isTrue();
        try (ZipInputStream zip = new ZipInputStream(resource("store.zip"))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = project.resolve(entry.getName()).normalize();
                assertThat(target).as("an entry of store.zip").startsWithRaw(project);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return project;
    }

    private static InputStream resource(String name) {
        InputStream in = OldStoreFixtureTest.class.getResourceAsStream(FIXTURE + name);
        assertThat(in).as("the fixture file %s", name).isNotNull();
        return in;
    }

    private static Recorded recorded(String line) {
        String[] fields = line.split("\t", -1);
        assertThat(fields).as("a step line of recorded-keys.tsv: %s", line).hasSize(6).startsWith("step");
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String output : fields[4].split(" ")) {
            String[] nameAndDigest = output.split("=", 2);
            outputs.put(nameAndDigest[0], nameAndDigest[1]);
        }
        return new Recorded(fields[1], StepStatus.fromLabel(fields[2]), fields[3], outputs, fields[5]);
    }

    /**
     * {@code parts} as this machine keys the step: a host program recorded by absolute path is
     * replaced by the file of that name that this machine finds first on {@code PATH}, with its
     * digest; the parts of a step that runs a file of the fixture come back unchanged.
     */
    private static String onThisMachine(String parts) {
        Matcher m = HOST_PROGRAM.matcher(parts);
        if (!m.find()) {
            return parts;
        }
        String name = Path.of(m.group(1)).getFileName().toString();
        Path program = onPath(name).orElseThrow(() -> new AssertionError("no " + name + " on PATH"));
        assertThat(program.toString()).as("a path that needs no escape in JSON").doesNotContain("\"", "\\");
        String here = "\"program\":{\"" + program + "\":\"" + ContentDigest.ofPath(program) + "\"}";
        return parts.substring(0, m.start()) + here + parts.substring(m.end());
    }

    /** The first executable file called {@code name} in an absolute directory of {@code PATH}. */
    private static Optional<Path> onPath(String name) {
        for (String entry : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(name);
            if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

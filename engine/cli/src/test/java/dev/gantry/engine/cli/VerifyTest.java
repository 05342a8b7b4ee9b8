package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --verify} and {@code gantry verify}: corrupt objects are moved aside and made again, never served. */
class VerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: p
                steps:
                  make:
                    command: [sh, -c, 'echo good > ${outputs.o}']
                    outputs: {o: file}
                  copy:
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}; echo copied >> ${outputs.o}']
                    inputs: {i: make.o}
                    outputs: {o: file}
                """);
    }

    private GantryProcess.Result gantry(String... args) throws Exception {
        return GantryProcess.run(dir, args);
    }

    /** Runs the pipeline and returns the stored object of {@code make}'s output. */
    private Path runAndFindObject(String... flags) throws Exception {
        String[] args = Stream.concat(Stream.of("run", "p.yaml", "--json"), Stream.of(flags)).toArray(String[]::new);
        GantryProcess.Result result = gantry(args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = JSON.readTree(result.stdout());
        return Path.of(run.get("steps").get(0).get("outputs").get("o").get("path").asText());
    }

    private static void corrupt(Path object) throws Exception {
        object.toFile().setWritable(true, true);
        Files.writeString(object, "evil\n");
        object.toFile().setWritable(false, false);
    }

    private List<Path> quarantined() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(".gantry/quarantine"))) {
            return files.toList();
        }
    }

    @Test
    void runWithVerifyMovesACorruptObjectAsideAndLaterPlainRunsReadGoodBytes() throws Exception {
        Path object = runAndFindObject();
        String sha256 = object.getParent().getFileName().toString() + object.getFileName();
        corrupt(object);

        GantryProcess.Result verified = gantry("run", "p.yaml", "--verify");

        assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        List<Path> aside = quarantined();
        assertThat(aside).hasSize(1);
        assertThat(aside.get(0)).hasContent("evil");
        assertThat(aside.get(0).getFileName().toString()).startsWith(sha256 + ".");
        assertThat(verified.stdout()).contains("notice: output 'o' of step 'make' (cached from run ")
                .contains(") is corrupt (object sha256:" + sha256 + "): its content hashes to "
                        + contentDigest("evil\n") + "; moved it to " + aside.get(0) + ", and the step runs again");
        assertThat(object).hasContent("good");
        Path copied = Path.of(JSON.readTree(gantry("run", "p.yaml", "--json").stdout()).get("steps").get(1)
                .get("outputs").get("o").get("path").asText());
        assertThat(copied).hasContent("good\ncopied");
    }

    @Test
    void verifyCommandReportsEveryCorruptObjectAndQuarantinesIt() throws Exception {
        Path object = runAndFindObject();
        String sha256 = object.getParent().getFileName().toString() + object.getFileName();
        corrupt(object);

        GantryProcess.Result all = gantry("verify", "--all");

        assertThat(all.exitCode()).isEqualTo(1);
        Path aside = quarantined().get(0);
        assertThat(all.stdout()).isEqualTo("corrupt  object sha256:" + sha256 + ": its content hashes to "
                + contentDigest("evil\n") + "; moved to " + aside + "\n"
                + "verified 2 objects (17 B): 1 intact, 1 corrupt (moved to " + dir.resolve(".gantry/quarantine") + ")\n");
        assertThat(object).doesNotExist();

        GantryProcess.Result ofRun = gantry("verify", "last");
        assertThat(ofRun.exitCode()).isEqualTo(1);
        assertThat(ofRun.stdout()).startsWith("missing  output 'o' of step 'make': object sha256:" + sha256
                + " is not in the store\n");

        assertThat(gantry("run", "p.yaml").exitCode()).isZero();
        GantryProcess.Result again = gantry("verify");
        assertThat(again.exitCode()).as(again.stdout()).isZero();
        assertThat(again.stdout()).isEqualTo("verified 2 objects (17 B): 2 intact\n");
        assertThat(object).hasContent("good");
    }

    @Test
    void anObjectNamedTheOldWayIsIntactAndALinkInTheStoreIsNot() throws Exception {
        runAndFindObject();
        byte[] legacy = "from an old store\n".getBytes();
        String legacySha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(legacy));
        Path legacyObject = dir.resolve(".gantry/objects/sha256/" + legacySha.substring(0, 2) + "/" + legacySha.substring(2));
        Files.createDirectories(legacyObject.getParent());
        Files.write(legacyObject, legacy);
        String linkSha = "ab".repeat(32);
        Path link = dir.resolve(".gantry/objects/sha256/ab/" + linkSha.substring(2));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("/etc/hostname"));

        GantryProcess.Result result = gantry("verify");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).startsWith("corrupt  object sha256:" + linkSha + ": '" + linkSha
                + "' is a symbolic link to /etc/hostname; outputs may hold only regular files and directories; moved to ")
                .endsWith(": 3 intact, 1 corrupt (moved to " + dir.resolve(".gantry/quarantine") + ")\n");
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(legacyObject).exists();
    }

    private static String contentDigest(String text) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("file\0".getBytes());
        return HexFormat.of().formatHex(md.digest(text.getBytes()));
    }
}

package dev.gantry.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remembered digests of host files, on real files: used while the file is unchanged, never after. */
class FileDigestsTest {
    @TempDir
    Path dir;

    private Path store;
    private Path data;
    private final AtomicInteger hashes = new AtomicInteger();

    @BeforeEach
    void writeData() throws Exception {
        store = dir.resolve("digests");
        data = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
    }

    /** Digests that count their hashing; files count as settled at once unless {@code settle} says otherwise. */
    private FileDigests digests(Duration settle) {
        return new FileDigests(store, file -> {
            hashes.incrementAndGet();
            return ContentDigest.ofPath(file);
        }, settle);
    }

    @Test
    void anUnchangedFileIsHashedOnceAcrossRuns() throws Exception {
        String first = digests(Duration.ZERO).of(data);
        String second = digests(Duration.ZERO).of(data);

        assertThat(first).isEqualTo(second).isEqualTo(ContentDigest.ofPath(data));
        assertThat(hashes).hasValue(1);
    }

    @Test
    void anEditThatKeepsTheSizeAndPutsTheTimeBackIsHashedAgain() throws Exception {
        digests(Duration.ZERO).of(data);
        FileTime written = Files.getLastModifiedTime(data);
        Files.writeString(data, "a,b\n1,3\n");
        Files.setLastModifiedTime(data, written);

        String after = digests(Duration.ZERO).of(data);

        assertThat(after).isEqualTo(ContentDigest.ofPath(data)).isEqualTo(ContentDigest.ofPath(Files.writeString(dir.resolve("copy"), "a,b\n1,3\n")));
        assertThat(hashes).hasValue(2);
    }

    @Test
    void aFileReplacedByAnotherOfTheSameSizeAndTimeIsHashedAgain() throws Exception {
        digests(Duration.ZERO).of(data);
        Path other = Files.writeString(dir.resolve("other.csv"), "x,y\n9,9\n");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(data));
        String otherDigest = ContentDigest.ofPath(other);
        Files.move(other, data, StandardCopyOption.REPLACE_EXISTING);

        assertThat(digests(Duration.ZERO).of(data)).isEqualTo(otherDigest);
        assertThat(hashes).hasValue(2);
    }

    @Test
    void aFileChangedMomentsBeforeItWasHashedIsNotRemembered() {
        FileDigests digests = digests(Duration.ofSeconds(FileDigests.SETTLE_SECONDS));

        digests.of(data);
        digests.of(data);

        assertThat(hashes).hasValue(2);
        assertThat(store).doesNotExist();
    }

    @Test
    void anUnreadableEntryIsHashedAgainAndReplaced() throws Exception {
        digests(Duration.ZERO).of(data);
        Path entry = entries().get(0);
        Files.writeString(entry, "not an entry");

        assertThat(digests(Duration.ZERO).of(data)).isEqualTo(ContentDigest.ofPath(data));
        assertThat(digests(Duration.ZERO).of(data)).isEqualTo(ContentDigest.ofPath(data));
        assertThat(hashes).hasValue(2);
        assertThat(entries()).containsExactly(entry);
    }

    @Test
    void aFreshDigestReadsTheFileWhateverIsRememberedAndPutsRight() throws Exception {
        digests(Duration.ZERO).of(data);
        Path entry = entries().get(0);
        String[] fields = Files.readString(entry).split(" ");
        String wrong = Sha256.ofText("something else");
        Files.writeString(entry, fields[0] + " " + fields[1] + " " + wrong + "\n");

        String trusted = digests(Duration.ZERO).of(data);
        String fresh = digests(Duration.ZERO).fresh(data);

        assertThat(trusted).isEqualTo(wrong);
        assertThat(fresh).isEqualTo(ContentDigest.ofPath(data));
        assertThat(digests(Duration.ZERO).of(data)).isEqualTo(fresh);
        assertThat(hashes).hasValue(2);
    }

    @Test
    void anEntryFromBeforeDigestsCoveredTheTypeIsHashedAgainAndReplaced() throws Exception {
        digests(Duration.ZERO).of(data);
        Path entry = entries().get(0);
        String[] fields = Files.readString(entry).trim().split(" ");
        String oldFormat = Sha256.ofText("a,b\n1,2\n");
        Files.writeString(entry, fields[1] + " " + oldFormat + "\n");

        assertThat(digests(Duration.ZERO).of(data)).isEqualTo(ContentDigest.ofPath(data)).isNotEqualTo(oldFormat);
        assertThat(hashes).hasValue(2);
        assertThat(Files.readString(entry)).isEqualTo("content-v2 " + fields[1] + " " + ContentDigest.ofPath(data) + "\n");
    }

    @Test
    void aDirectoryIsHashedWholeEveryTime() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("f"), "f");

        assertThat(digests(Duration.ZERO).of(tree)).isEqualTo(ContentDigest.ofPath(tree));
        assertThat(hashes).hasValue(0);
        assertThat(store).doesNotExist();
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.toList();
        }
    }
}

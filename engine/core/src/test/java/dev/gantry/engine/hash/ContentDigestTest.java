package dev.gantry.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDigestTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, (4L << 20) - 1, 4L << 20, (64L << 20) + 4097, (128L << 20) + 3})
    void aFilesDigestCoversItsTypeAndItsBytesWhetherReadOrMapped(long size) throws Exception {
        Path file = dir.resolve("f");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update("file\0".getBytes(StandardCharsets.US_ASCII));
        SplittableRandom random = new SplittableRandom(size);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                expected.update(chunk, 0, n);
            }
        }

        assertThat(ContentDigest.ofFile(file, Cancellation.NONE)).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        assertThat(ContentDigest.ofPath(file)).isEqualTo(ContentDigest.ofFile(file, Cancellation.NONE));
    }

    @Test
    void anEmptyFileAndAnEmptyDirectoryHaveTheirOwnKnownDigests() throws Exception {
        String emptyFile = ContentDigest.ofPath(Files.createFile(dir.resolve("empty")));
        String emptyDir = ContentDigest.ofPath(Files.createDirectory(dir.resolve("none")));

        assertThat(emptyFile).isEqualTo(sha256("file\0".getBytes(StandardCharsets.US_ASCII)));
        assertThat(emptyDir).isEqualTo(sha256("dir\0".getBytes(StandardCharsets.US_ASCII)));
        assertThat(emptyFile).isNotEqualTo(emptyDir);
    }

    @Test
    void aDirectorysDigestIsTheDocumentedEncodingOfItsEntries() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Path root = tree.getParent();
        Files.writeString(root.resolve("b.txt"), "bee");
        Files.writeString(tree.resolve("x"), "ex");

        byte[] sub = dirDigest(entry('f', "x", raw("file\0ex")));
        byte[] expected = dirDigest(entry('f', "b.txt", raw("file\0bee")), entry('d', "sub", sub));

        assertThat(ContentDigest.ofPath(root)).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void aFileHoldingADirectorysEncodingIsNotThatDirectory() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("a"), "a");
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        forged.write("dir\0".getBytes(StandardCharsets.US_ASCII));
        forged.write(entry('f', "a", raw("file\0a")));
        Path file = Files.write(dir.resolve("forged"), forged.toByteArray());

        assertThat(ContentDigest.ofPath(file)).isNotEqualTo(ContentDigest.ofPath(tree));
        // Without the file's own type in what is hashed, the two would be equal.
        assertThat(sha256(forged.toByteArray())).isEqualTo(ContentDigest.ofPath(tree));
    }

    @Test
    void namesWithNewlinesCannotPoseAsMoreEntries() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("a\nf b"), "x");
        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("a"), "x");
        Files.writeString(two.resolve("b"), "x");
        Path three = Files.createDirectories(dir.resolve("three"));
        Files.writeString(three.resolve("a\tb\u0001"), "x");
        Path four = Files.createDirectories(dir.resolve("four"));
        Files.writeString(four.resolve("a\tb\u0002"), "x");

        assertThat(ContentDigest.ofPath(one)).isNotEqualTo(ContentDigest.ofPath(two));
        assertThat(ContentDigest.ofPath(three)).isNotEqualTo(ContentDigest.ofPath(four));
    }

    @Test
    void entriesAreOrderedByTheBytesOfTheirNamesWhateverOrderTheyWereMadeIn() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        for (String name : new String[] {"é", "B", "a", "\uD83D\uDE00"}) {
            Files.writeString(first.resolve(name), name);
        }
        for (String name : new String[] {"\uD83D\uDE00", "a", "é", "B"}) {
            Files.writeString(second.resolve(name), name);
        }

        byte[] expected = dirDigest(entry('f', "B", raw("file\0B")), entry('f', "a", raw("file\0a")),
                entry('f', "é", raw("file\0é")), entry('f', "\uD83D\uDE00", raw("file\0\uD83D\uDE00")));
        assertThat(ContentDigest.ofPath(first)).isEqualTo(ContentDigest.ofPath(second))
                .isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void hashingALargeFileStopsAtTheCancellationsWord() throws Exception {
        Path file = dir.resolve("large");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[3 << 20]);
        }
        AtomicInteger checks = new AtomicInteger();
        Cancellation stopAtSecond = () -> {
            if (checks.incrementAndGet() == 2) {
                throw new StoppedException("timed out after 2s");
            }
        };

        assertThatThrownBy(() -> ContentDigest.ofFile(file, stopAtSecond))
                .isInstanceOf(StoppedException.class).hasMessage("timed out after 2s");
        assertThat(checks).hasValue(2);
    }

    @Test
    void aHostTreeIsHashedThroughItsLinksButNotRoundALoop() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("real.csv"), "a\n");
        Files.createSymbolicLink(data.resolve("linked.csv"), dir.resolve("real.csv"));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.writeString(copy.resolve("linked.csv"), "a\n");

        assertThat(ContentDigest.ofPath(data)).isEqualTo(ContentDigest.ofPath(copy));

        Files.createSymbolicLink(data.resolve("loop"), data);
        assertThatThrownBy(() -> ContentDigest.ofPath(data)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + data + ": " + data.resolve("loop")
                        + " leads back into a directory that contains it");
    }

    private static byte[] entry(char kind, String name, byte[] digest) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + nameBytes.length + digest.length).put((byte) kind)
                .putInt(nameBytes.length).put(nameBytes).put(digest).array();
    }

    private static byte[] dirDigest(byte[]... entries) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("dir\0".getBytes(StandardCharsets.US_ASCII));
        for (byte[] e : entries) {
            md.update(e);
        }
        return md.digest();
    }

    private static byte[] raw(String content) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

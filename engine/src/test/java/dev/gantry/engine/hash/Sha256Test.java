package dev.gantry.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, (4L << 20) - 1, 4L << 20, (64L << 20) + 4097, (128L << 20) + 3})
    void fileDigestIsTheDigestOfItsBytesWhetherReadOrMapped(long size) throws Exception {
        Path file = dir.resolve("f");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
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

        assertThat(Sha256.ofFile(file)).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }

    @Test
    void knownDigestsOfTextAndOfAnEmptyFile() throws Exception {
        assertThat(Sha256.ofText("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.ofFile(Files.createFile(dir.resolve("empty"))))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}

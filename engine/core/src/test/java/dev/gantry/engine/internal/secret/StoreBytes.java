package dev.gantry.engine.internal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads every byte of every file under a store directory, to prove that a value is nowhere in it. */
final class StoreBytes {
    private StoreBytes() {}

    /** Asserts that no file under {@code store} (the database, its WAL, logs, specs, objects) holds any of {@code values}. */
    static void assertNowhere(Path store, String... values) {
        List<Path> files = files(store);
        assertThat(files).as("files under " + store).isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = read(file);
            for (String value : values) {
                if (indexOf(bytes, value.getBytes(StandardCharsets.UTF_8)) >= 0) {
                    found.add(store.relativize(file) + " holds '" + value + "'");
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Every regular file under {@code store}. */
    static List<Path> files(Path store) {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

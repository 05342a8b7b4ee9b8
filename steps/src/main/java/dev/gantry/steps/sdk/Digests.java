package dev.gantry.steps.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * SHA-256 digests of files and directories, written {@code sha256:HEX}. A directory's digest
 * covers each file's relative path and content, in sorted order, so it does not depend on the
 * order the file system lists them in.
 */
public final class Digests {
    private Digests() {}

    /** Returns the digest of a file, or of a directory tree. */
    public static String sha256(Path path) {
        MessageDigest digest = newDigest();
        try {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
                }
                for (Path file : files) {
                    digest.update(path.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(sha256Bytes(file));
                }
            } else {
                return "sha256:" + HexFormat.of().formatHex(sha256Bytes(path));
            }
        } catch (IOException e) {
            throw new ArtifactException(path, "cannot read it to compute its digest", e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] sha256Bytes(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

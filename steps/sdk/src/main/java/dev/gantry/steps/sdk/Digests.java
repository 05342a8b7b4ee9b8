package dev.gantry.steps.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 digests of files and directories, written {@code sha256:HEX}: the digests by which the
 * Gantry store names artifacts, so the digest a step records (a model card's, say) is the
 * store's name for the same content.
 *
 * <ul>
 *   <li>A file: SHA-256 of {@code "file\0"} followed by its bytes.
 *   <li>A directory: SHA-256 of {@code "dir\0"} followed by one record per entry, in the byte
 *       order of the entries' UTF-8 names: a kind byte ({@code 'f'} or {@code 'd'}), the name's
 *       length in bytes as a 32-bit big-endian integer, the name, and the entry's own digest as
 *       32 raw bytes.
 * </ul>
 *
 * <p>Like the store, it follows no link: a directory that holds one, or anything but regular
 * files and directories, has no digest.
 */
public final class Digests {
    private static final byte[] FILE_TAG = "file\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIR_TAG = "dir\0".getBytes(StandardCharsets.US_ASCII);

    private Digests() {}

    /**
     * Returns the digest of a file, or of a directory tree.
     *
     * @throws ArtifactException if it cannot be read, or holds a link or a special file
     */
    public static String sha256(Path path) {
        try {
            return "sha256:" + HexFormat.of().formatHex(digest(path).digest());
        } catch (IOException e) {
            throw new ArtifactException(path, "cannot read it to compute its digest", e);
        }
    }

    /** An entry's digest, and whether it is a directory: its kind byte in its parent's listing. */
    private record Entry(boolean directory, byte[] digest) {}

    private record Named(byte[] name, Path path) {}

    private static Entry digest(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
            return new Entry(false, fileDigest(path));
        }
        if (!attributes.isDirectory()) {
            throw new IOException(path + " is neither a regular file nor a directory");
        }
        List<Named> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                children.add(new Named(entry.getFileName().toString().getBytes(StandardCharsets.UTF_8), entry));
            }
        }
        children.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        MessageDigest listing = newDigest();
        listing.update(DIR_TAG);
        for (Named child : children) {
            Entry entry = digest(child.path());
            listing.update((byte) (entry.directory() ? 'd' : 'f'));
            listing.update(ByteBuffer.allocate(Integer.BYTES).putInt(child.name().length).array());
            listing.update(child.name());
            listing.update(entry.digest());
        }
        return new Entry(true, listing.digest());
    }

    private static byte[] fileDigest(Path file) throws IOException {
        MessageDigest digest = newDigest();
        digest.update(FILE_TAG);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
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

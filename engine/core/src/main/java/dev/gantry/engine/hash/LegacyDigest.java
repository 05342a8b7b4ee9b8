package dev.gantry.engine.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The digests that named objects before {@link ContentDigest} (key format 1): a file's plain
 * SHA-256, and for a directory the SHA-256 of a listing of lines {@code d PATH} and
 * {@code f PATH HEX}. Kept only so that verifying an old store tells its intact objects from
 * corrupt ones; nothing is named this way any more.
 */
public final class LegacyDigest {
    private LegacyDigest() {}

    /** The legacy digest of the file or tree at {@code path}, which holds no links. */
    public static String of(Path path, Cancellation cancellation) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return ofFile(path, cancellation);
        }
        StringBuilder listing = new StringBuilder();
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            entries = walk.filter(p -> !p.equals(path)).sorted().toList();
        }
        for (Path p : entries) {
            String relative = path.relativize(p).toString();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                listing.append("d ").append(relative).append('\n');
            } else {
                listing.append("f ").append(relative).append(' ').append(ofFile(p, cancellation)).append('\n');
            }
        }
        return Sha256.ofText(listing.toString());
    }

    private static String ofFile(Path file, Cancellation cancellation) throws IOException {
        MessageDigest md = Sha256.digest();
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
                cancellation.check();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

package dev.gantry.engine.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text, as lower-case hex; artifacts are hashed by {@link ContentDigest}. */
public final class Sha256 {
    /** One digest per thread: looking the algorithm up each time costs more than hashing a key. */
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    /** The digest of {@code text} encoded as UTF-8. */
    public static String ofText(String text) {
        MessageDigest md = digest();
        return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * This thread's digest, reset: a read that failed half-way may have left it dirty. Whoever
     * takes it finishes with it before taking it again.
     */
    static MessageDigest digest() {
        MessageDigest md = DIGESTS.get();
        md.reset();
        return md;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}

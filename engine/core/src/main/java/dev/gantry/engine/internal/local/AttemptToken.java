package dev.gantry.engine.internal.local;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The mark that every process of one local attempt carries in its environment, as
 * {@code GANTRY_ATTEMPT_TOKEN=RUN/STEP/ATTEMPT/RANDOM}. Children inherit it, and keep it when
 * they start a session of their own or their parent dies and init adopts them, so the engine
 * finds every process an attempt started, and, after the engine itself died, every process of
 * its run that was left behind.
 *
 * @param runId the run
 * @param step the step
 * @param attempt the attempt, from 1
 * @param random random hex digits, so that no other process can carry the same mark by chance
 */
public record AttemptToken(String runId, String step, int attempt, String random) {
    /** The environment variable that carries the token. */
    public static final String VARIABLE = "GANTRY_ATTEMPT_TOKEN";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new token for an attempt. */
    static AttemptToken next(String runId, String step, int attempt) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new AttemptToken(runId, step, attempt, HexFormat.of().formatHex(bytes));
    }

    /** Reads a token's value; empty if it is not one. */
    public static Optional<AttemptToken> parse(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[3].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AttemptToken(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The variable's value. */
    public String value() {
        return runId + "/" + step + "/" + attempt + "/" + random;
    }
}

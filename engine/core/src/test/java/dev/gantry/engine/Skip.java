package dev.gantry.engine;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test with its reason said on the console as well, where Maven's summary would only
 * count it: a skipped test is something the developer should know they did not prove.
 */
public final class Skip {
    private Skip() {}

    /** Skips the running test, saying {@code why} on standard error. */
    public static void because(String why) {
        System.err.println("[WARNING] test skipped: " + why);
        Assumptions.abort(why);
    }

    /** Skips the running test unless {@code condition} holds. */
    public static void unless(boolean condition, String why) {
        if (!condition) {
            because(why);
        }
    }
}

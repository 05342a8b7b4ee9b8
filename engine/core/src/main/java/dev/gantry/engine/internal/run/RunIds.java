package dev.gantry.engine.internal.run;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/** Run ids that sort by start time and are unique across processes: {@code 20261125-040455-3fa9c1}. */
final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /**
     * The suffix only tells apart runs started in the same second, so it needs no secrecy: a
     * generator seeded from the process id and the monotonic clock's nanoseconds differs from
     * one process to the next, where seeding a {@code SecureRandom} cost every run 20 ms.
     */
    private static final SplittableRandom RANDOM =
            new SplittableRandom(ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L ^ System.nanoTime());

    private RunIds() {}

    static String next() {
        int suffix;
        synchronized (RANDOM) {
            suffix = RANDOM.nextInt(1 << 24);
        }
        String hex = Integer.toHexString(suffix | 1 << 24).substring(1);
        return FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + hex;
    }
}

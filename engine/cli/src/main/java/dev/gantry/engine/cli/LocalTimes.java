package dev.gantry.engine.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Times as the user's clock shows them, such as {@code 2026-12-02 15:04:05}. The offset comes
 * from {@link TimeZone} rather than {@link java.time.ZoneId}: the first zone ID a process uses
 * makes the JDK look for time-zone rule providers in every jar on the class path, which would
 * open all of the CLI's {@code lib/} for a command that lists runs.
 */
final class LocalTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);

    private LocalTimes() {}

    /** {@code time} on this machine's clock to the minute, without the year, for lists: {@code 12-02 15:04}. */
    static String formatShort(Instant time) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(TimeZone.getDefault().getOffset(time.toEpochMilli()) / 1000);
        return SHORT.format(LocalDateTime.ofInstant(time, offset));
    }

    /** {@code time} on this machine's clock. */
    static String format(Instant time) {
        return format(time, TimeZone.getDefault());
    }

    /** {@code time} on a clock set to {@code zone}. */
    static String format(Instant time, TimeZone zone) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(time.toEpochMilli()) / 1000);
        return FORMAT.format(LocalDateTime.ofInstant(time, offset));
    }
}

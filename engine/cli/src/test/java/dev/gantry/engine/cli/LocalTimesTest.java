package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Local times from the legacy time zone agree with java.time's zone rules, offsets and summer time included. */
class LocalTimesTest {
    @Test
    void agreesWithZoneRulesAroundSummerTimeAndOddOffsets() {
        for (String zone : new String[] {"Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"}) {
            DateTimeFormatter expected = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of(zone));
            for (String at : new String[] {"2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z",
                    "2026-10-25T01:00:00Z", "2026-12-02T15:04:05.999Z", "1970-01-01T00:00:00Z"}) {
                Instant time = Instant.parse(at);

                assertThat(LocalTimes.format(time, TimeZone.getTimeZone(zone))).as(zone + " at " + at)
                        .isEqualTo(expected.format(time));
            }
        }
    }

    @Test
    void usesThisMachinesZone() {
        Instant time = Instant.parse("2026-07-01T12:00:00Z");

        assertThat(LocalTimes.format(time)).isEqualTo(LocalTimes.format(time, TimeZone.getDefault()));
    }
}

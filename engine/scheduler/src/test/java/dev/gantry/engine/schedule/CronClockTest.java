package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.spec.ScheduleSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fire times across clock changes and for both day fields, pinned to times worked out by hand
 * from Unix cron's rules (POSIX, and cron's "run right after the jump" for skipped times): Quartz
 * alone passes over the day clocks go forward.
 */
class CronClockTest {
    private static ScheduleSpec schedule(String cron, String zone) {
        return new ScheduleSpec(cron, ZoneId.of(zone), Map.of(), ScheduleSpec.Misfire.RUN_ONCE,
                ScheduleSpec.Overlap.SKIP);
    }

    private static List<String> next(String cron, String zone, String from, int count) {
        return new CronClock(schedule(cron, zone)).next(Instant.parse(from), count).stream()
                .map(t -> t.atZone(ZoneId.of(zone)).toOffsetDateTime().toString()).toList();
    }

    @Test
    void aDailyTimeThatTheJumpForwardSkipsRunsRightAfterTheJump() {
        // Paris goes from 02:00 +01:00 to 03:00 +02:00 on Sunday 2027-03-28: 02:30 does not exist.
        assertThat(next("30 2 * * *", "Europe/Paris", "2027-03-26T12:00:00Z", 4)).containsExactly(
                "2027-03-27T02:30+01:00", "2027-03-28T03:00+02:00", "2027-03-29T02:30+02:00", "2027-03-30T02:30+02:00");
    }

    @Test
    void aDailyTimeThatOccursTwiceWhenClocksGoBackRunsOnce() {
        // On 2027-10-31 Paris goes from 03:00 +02:00 back to 02:00 +01:00: 02:30 comes twice.
        assertThat(next("30 2 * * *", "Europe/Paris", "2027-10-29T12:00:00Z", 3)).containsExactly(
                "2027-10-30T02:30+02:00", "2027-10-31T02:30+01:00", "2027-11-01T02:30+01:00");
    }

    @Test
    void aTimeOutsideTheSkippedHourIsNotMovedAndHourlyOnesGetOneFireForTheGap() {
        assertThat(next("0 3 * * *", "Europe/Paris", "2027-03-27T12:00:00Z", 2))
                .containsExactly("2027-03-28T03:00+02:00", "2027-03-29T03:00+02:00");
        // Every 20 minutes: 02:00, 02:20 and 02:40 are skipped; one fire at the jump, then on.
        assertThat(next("*/20 * * * *", "Europe/Paris", "2027-03-28T00:30:00Z", 4)).containsExactly(
                "2027-03-28T01:40+01:00", "2027-03-28T03:00+02:00", "2027-03-28T03:20+02:00", "2027-03-28T03:40+02:00");
    }

    @Test
    void newYorksSpringForwardGetsItsGapFireToo() {
        // New York jumps from 02:00 -05:00 to 03:00 -04:00 on 2027-03-14.
        assertThat(next("15 2 * * *", "America/New_York", "2027-03-12T12:00:00Z", 3)).containsExactly(
                "2027-03-13T02:15-05:00", "2027-03-14T03:00-04:00", "2027-03-15T02:15-04:00");
    }

    @Test
    void bothDayFieldsRestrictedFireOnDaysThatMatchEitherAsUnixCronDoes() {
        // Fridays and the 13th; Friday 2027-08-13 is both, and fires once.
        assertThat(next("0 0 13 * 5", "UTC", "2027-08-01T00:00:00Z", 8)).containsExactly(
                "2027-08-06T00:00Z", "2027-08-13T00:00Z", "2027-08-20T00:00Z", "2027-08-27T00:00Z",
                "2027-09-03T00:00Z", "2027-09-10T00:00Z", "2027-09-13T00:00Z", "2027-09-17T00:00Z");
    }

    @Test
    void aMissedGapFireIsCaughtUp() {
        CronClock clock = new CronClock(schedule("30 2 * * *", "Europe/Paris"));
        assertThat(clock.latestMissed(Instant.parse("2027-03-27T02:00:00Z"), Instant.parse("2027-03-28T12:00:00Z")))
                .contains(OffsetDateTime.parse("2027-03-28T03:00+02:00").toInstant());
    }

    @Test
    void theTriggersForQuartzHoldAOneShotForEachComingGap() {
        ScheduleTriggers triggers = new ScheduleTriggers("nightly", schedule("30 2 * * *", "Europe/Paris"),
                Instant.parse("2027-01-01T00:00:00Z"), false);
        // 400 days ahead: the jump of 2027-03-28, not yet 2028's.
        assertThat(triggers.fingerprint()).isEqualTo("0 30 2 * * ? Europe/Paris RUN_ONCE gaps [2027-03-28T01:00:00Z]");
        assertThat(triggers.build(org.quartz.JobBuilder.newJob(PipelineFireJob.class).withIdentity("nightly", "gantry")
                .build())).extracting(t -> t.getKey().getName()).containsExactly("nightly", "nightly@2027-03-28T01:00:00Z");
        ScheduleTriggers both = new ScheduleTriggers("weekly", schedule("0 0 13 * 5", "UTC"),
                Instant.parse("2027-01-01T00:00:00Z"), false);
        assertThat(both.fingerprint()).isEqualTo("0 0 0 13 * ? | 0 0 0 ? * 6 UTC RUN_ONCE gaps []");
    }
}

package dev.gantry.engine.schedule;

import dev.gantry.spec.ScheduleSpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeSet;
import org.quartz.CronExpression;

/**
 * Fire times of a schedule, as Unix cron has them, in the schedule's time zone. Quartz computes
 * each expression's times; a Unix expression restricting both day-of-month and day-of-week is
 * two of them (days that match either). Where Quartz and cron part is the day clocks go
 * forward: Quartz passes over a time that the jump skips (a daily 02:30 in Europe/Paris has no
 * fire on 2027-03-28), while cron runs it right after the jump; this clock adds that fire, a
 * {@linkplain #gapFires gap fire}, at the instant of the jump. A time that occurs twice, the day
 * clocks go back, fires once (at its second occurrence, as Quartz has it).
 */
public final class CronClock {
    private static final int MAX_MISSED_SCANNED = 100_000;
    /** How far ahead {@link #next} looks for gap fires when the expressions give too few times. */
    private static final Duration GAP_HORIZON = Duration.ofDays(800);

    private final List<CronExpression> crons = new ArrayList<>();
    /** The same expressions read in UTC, to ask which wall-clock times they name. */
    private final List<CronExpression> wallClock = new ArrayList<>();
    private final ZoneId zone;

    public CronClock(ScheduleSpec schedule) {
        this.zone = schedule.timezone();
        for (String quartz : schedule.quartzCrons()) {
            crons.add(expression(schedule, quartz, TimeZone.getTimeZone(zone)));
            wallClock.add(expression(schedule, quartz, TimeZone.getTimeZone(ZoneOffset.UTC)));
        }
    }

    private static CronExpression expression(ScheduleSpec schedule, String quartz, TimeZone zone) {
        try {
            CronExpression cron = new CronExpression(quartz);
            cron.setTimeZone(zone);
            return cron;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron expression '" + schedule.cron() + "' rejected by Quartz: "
                    + e.getMessage(), e);
        }
    }

    /** The next {@code count} fire times after {@code from}, gap fires included. */
    public List<Instant> next(Instant from, int count) {
        TreeSet<Instant> times = new TreeSet<>();
        for (CronExpression cron : crons) {
            Date at = Date.from(from);
            for (int i = 0; i < count; i++) {
                at = cron.getNextValidTimeAfter(at);
                if (at == null) {
                    break;
                }
                times.add(at.toInstant());
            }
        }
        // Each expression gave its first 'count': the first 'count' of them all are right up to the last.
        Instant until = times.size() >= count ? new ArrayList<>(times).get(count - 1) : from.plus(GAP_HORIZON);
        times.addAll(gapFires(from, until));
        return times.stream().limit(count).toList();
    }

    /** The latest fire time after {@code since} and not after {@code now}: a fire that was missed. */
    public Optional<Instant> latestMissed(Instant since, Instant now) {
        Optional<Instant> latest = Optional.empty();
        Instant at = since;
        for (int i = 0; i < MAX_MISSED_SCANNED; i++) {
            List<Instant> next = next(at, 1);
            if (next.isEmpty() || next.get(0).isAfter(now)) {
                break;
            }
            at = next.get(0);
            latest = Optional.of(at);
        }
        return latest;
    }

    /**
     * The fires after {@code from} and not after {@code until} that Quartz's triggers pass over:
     * one at each jump forward of the zone's clocks whose skipped wall-clock times the schedule
     * names, unless the schedule fires at that instant anyway.
     */
    public List<Instant> gapFires(Instant from, Instant until) {
        List<Instant> fires = new ArrayList<>();
        Instant at = from;
        while (true) {
            ZoneOffsetTransition jump = zone.getRules().nextTransition(at);
            if (jump == null || jump.getInstant().isAfter(until)) {
                return fires;
            }
            at = jump.getInstant();
            if (jump.isGap() && namesWallTimeIn(jump.getDateTimeBefore(), jump.getDateTimeAfter())
                    && !firesAt(jump.getInstant())) {
                fires.add(jump.getInstant());
            }
        }
    }

    /** Whether an expression names a wall-clock time from {@code start} (included) to {@code end}. */
    private boolean namesWallTimeIn(LocalDateTime start, LocalDateTime end) {
        Date justBefore = Date.from(start.toInstant(ZoneOffset.UTC).minusMillis(1));
        Instant stop = end.toInstant(ZoneOffset.UTC);
        for (CronExpression cron : wallClock) {
            Date next = cron.getNextValidTimeAfter(justBefore);
            if (next != null && next.toInstant().isBefore(stop)) {
                return true;
            }
        }
        return false;
    }

    private boolean firesAt(Instant instant) {
        Date justBefore = Date.from(instant.minusMillis(1));
        for (CronExpression cron : crons) {
            Date next = cron.getNextValidTimeAfter(justBefore);
            if (next != null && next.toInstant().equals(instant)) {
                return true;
            }
        }
        return false;
    }
}

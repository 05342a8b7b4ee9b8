package dev.gantry.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as pipeline files write them: {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 2h}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** Parses a duration; empty when the text is not one. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return Optional.of(total);
    }

    /** Parses a duration or throws with the text in the message. */
    public static Duration of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a duration (use a number with ms, s, m, h or d, like 90s or 1h30m)"));
    }

    /** Formats a duration the way {@link #parse} reads it, such as {@code 1h30m} or {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) sb.append(days).append('d');
        if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
        return sb.toString();
    }
}

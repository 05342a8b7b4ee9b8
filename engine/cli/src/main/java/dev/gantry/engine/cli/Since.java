package dev.gantry.engine.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a {@code --since} option names: an age ({@code 30m}, {@code 12h}, {@code 7d},
 * {@code 2w}) back from now, or an ISO time ({@code 2026-12-01}, {@code 2026-12-01T08:00},
 * {@code 2026-12-01T08:00:00Z}), local when it has no offset.
 */
final class Since {
    private static final Pattern AGE = Pattern.compile("(\\d+)([smhdw])");

    private Since() {}

    static Instant parse(String text, Instant now, ZoneId zone) {
        Matcher age = AGE.matcher(text.trim());
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration back = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new UsageException("--since '" + text + "' is neither an age such as 7d, 12h or 30m "
                            + "nor an ISO time such as 2026-12-01 or 2026-12-01T08:00");
                }
            }
        }
    }
}

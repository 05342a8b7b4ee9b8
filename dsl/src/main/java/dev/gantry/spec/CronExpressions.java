package dev.gantry.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks cron expressions field by field and turns Unix ones into Quartz's form. A 5-field
 * expression is Unix cron (minute hour day-of-month month day-of-week, Sunday 0 or 7); 6 or
 * 7 fields are Quartz's (a seconds field first, an optional year last, Sunday 1).
 */
public final class CronExpressions {
    private record Field(String name, int min, int max, List<String> names) {}

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Field SECOND = new Field("second", 0, 59, List.of());
    private static final Field MINUTE = new Field("minute", 0, 59, List.of());
    private static final Field HOUR = new Field("hour", 0, 23, List.of());
    private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of());
    private static final Field MONTH = new Field("month", 1, 12, MONTHS);
    private static final Field UNIX_DAY_OF_WEEK = new Field("day-of-week", 0, 7, DAYS);
    private static final Field QUARTZ_DAY_OF_WEEK = new Field("day-of-week", 1, 7, DAYS);
    private static final Field YEAR = new Field("year", 1970, 2199, List.of());
    private static final Pattern QUARTZ_SPECIALS = Pattern.compile("\\?|L|LW|\\d{1,2}W|[1-7A-Z]{1,3}(L|#[1-5])");

    private CronExpressions() {}

    /** What is wrong with {@code cron}, naming the field and value; empty when it is valid. */
    public static Optional<String> problem(String cron) {
        String[] parts = cron.trim().split("\\s+");
        List<Field> fields = fieldsFor(parts.length);
        if (fields.isEmpty()) {
            return Optional.of("has " + parts.length + " fields; use 5 (minute hour day-of-month month "
                    + "day-of-week) or Quartz's 6 or 7 (second first, optional year last)");
        }
        boolean quartz = parts.length > 5;
        for (int i = 0; i < parts.length; i++) {
            Optional<String> bad = checkField(parts[i], fields.get(i), quartz);
            if (bad.isPresent()) {
                return Optional.of("field " + (i + 1) + " (" + fields.get(i).name() + ") " + bad.get());
            }
        }
        if (quartz && !parts[3].equals("?") && !parts[5].equals("?")) {
            return Optional.of("Quartz needs '?' in day-of-month or day-of-week (field 4 or 6)");
        }
        return Optional.empty();
    }

    /**
     * The Quartz forms of a valid expression, whose fire times together are the expression's;
     * empty when it is invalid. A Unix expression that restricts both day-of-month and
     * day-of-week runs on days that match either, as Unix cron does (POSIX): Quartz, which
     * cannot say that in one expression, gets one for each.
     */
    public static List<String> toQuartz(String cron) {
        if (problem(cron).isPresent()) {
            return List.of();
        }
        String[] p = cron.trim().split("\\s+");
        if (p.length > 5) {
            return List.of(String.join(" ", p));
        }
        String byDayOfMonth = String.join(" ", "0", p[0], p[1], p[2], p[3], "?");
        String byDayOfWeek = String.join(" ", "0", p[0], p[1], "?", p[3], unixToQuartzDays(p[4]));
        if (p[4].equals("*")) {
            return List.of(byDayOfMonth);
        }
        return p[2].equals("*") ? List.of(byDayOfWeek) : List.of(byDayOfMonth, byDayOfWeek);
    }

    private static List<Field> fieldsFor(int count) {
        return switch (count) {
            case 5 -> List.of(MINUTE, HOUR, DAY_OF_MONTH, MONTH, UNIX_DAY_OF_WEEK);
            case 6 -> List.of(SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, QUARTZ_DAY_OF_WEEK);
            case 7 -> List.of(SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, QUARTZ_DAY_OF_WEEK, YEAR);
            default -> List.of();
        };
    }

    private static Optional<String> checkField(String text, Field field, boolean quartz) {
        for (String item : text.split(",", -1)) {
            String upper = item.toUpperCase(Locale.ROOT);
            if (quartz && (field == DAY_OF_MONTH || field == QUARTZ_DAY_OF_WEEK) && QUARTZ_SPECIALS.matcher(upper).matches()) {
                continue;
            }
            String[] stepped = upper.split("/", -1);
            if (stepped.length > 2 || (stepped.length == 2 && !isNumberIn(stepped[1], 1, field.max()))) {
                return Optional.of("has an invalid step in '" + item + "'");
            }
            String range = stepped[0];
            if (range.equals("*")) {
                continue;
            }
            for (String bound : range.split("-", -1)) {
                if (!isNumberIn(bound, field.min(), field.max()) && !field.names().contains(bound)) {
                    return Optional.of("'" + item + "' is not a value from " + field.min() + " to " + field.max()
                            + (field.names().isEmpty() ? "" : " or a name like " + field.names().get(1)));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isNumberIn(String text, int min, int max) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int value = Integer.parseInt(text);
        return value >= min && value <= max;
    }

    /** Unix numbers days 0-7 from Sunday (0 and 7 both Sunday); Quartz numbers them 1-7. */
    private static String unixToQuartzDays(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean afterSlash = i > 0 && field.charAt(i - 1) == '/';
            if (Character.isDigit(c) && !afterSlash && (i + 1 == field.length() || !Character.isDigit(field.charAt(i + 1)))) {
                int unix = c - '0';
                out.append(unix == 7 ? 1 : unix + 1);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

}

package dev.gantry.engine.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CLI's logging: SLF4J with the slf4j-simple binding, whose defaults are in
 * {@code simplelogger.properties}: on stderr, each line with its time, thread, level and
 * logger; warnings and errors only. {@code --log-level} or else {@code GANTRY_LOG} sets how
 * much the engine says; the libraries (Quartz, docker-java, the SQLite driver) say at most
 * their warnings whatever the level, so that {@code debug} shows what Gantry does rather than
 * their chatter. slf4j-simple reads its settings once, when the first logger is made: they
 * must be set before anything logs.
 *
 * <p>A line's time is the milliseconds since logging started, which costs nothing; the
 * scheduler, which runs for days and whose lines are read beside other logs, writes the date
 * and time instead. slf4j-simple formats those with a {@link java.text.SimpleDateFormat},
 * whose making loads the locale's calendar and number formats: a hundredth of a second of
 * every command that opens the store, for lines that a normal run never prints.
 */
final class Logging {
    /** The levels a user may name, from the most to the least said. */
    static final List<String> LEVELS = List.of("debug", "info", "warn", "error", "off");
    /** What the libraries say at most. */
    private static final String LIBRARIES = "warn";
    /** The scheduler's time of day: ISO 8601 with the offset, like its own lines. */
    private static final String DATE_TIME = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    /**
     * Sets the level from {@code flag} (the value of {@code --log-level}), else from {@code env}
     * (the value of {@code GANTRY_LOG}); with neither, the defaults stand.
     *
     * @param dateTime whether lines carry the date and time rather than the milliseconds since start
     * @throws IllegalArgumentException naming the value and the valid levels when it is none of them
     */
    static void configure(Optional<String> flag, Optional<String> env, boolean dateTime) {
        String level;
        if (flag.isPresent()) {
            level = parse(flag.get(), "--log-level " + flag.get());
        } else if (env.isPresent() && !env.get().isBlank()) {
            level = parse(env.get(), "GANTRY_LOG=" + env.get());
        } else {
            level = null;
        }
        if (dateTime && System.getProperty(PREFIX + "dateTimeFormat") == null) {
            System.setProperty(PREFIX + "dateTimeFormat", DATE_TIME);
        }
        if (level == null) {
            return;
        }
        System.setProperty(PREFIX + "log.dev.gantry", level);
        // The libraries follow a level that says less than theirs, never one that says more.
        boolean quieter = LEVELS.indexOf(level) > LEVELS.indexOf(LIBRARIES);
        System.setProperty(PREFIX + "defaultLogLevel", quieter ? level : LIBRARIES);
    }

    private static String parse(String value, String given) {
        String level = value.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(given + ": not a log level (use debug, info, warn, error or off)");
        }
        return level;
    }
}

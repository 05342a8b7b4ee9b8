package dev.gantry.engine.cli.progress;

import java.util.Locale;
import java.util.Optional;

/** Which display a run gets: {@code --progress=auto|tty|plain}. */
public enum ProgressMode {
    /** The live display when the output is a terminal that can move its cursor, plain lines otherwise. */
    AUTO,
    /** The live display, wherever the output goes. */
    TTY,
    /** Plain lines, even on a terminal. */
    PLAIN;

    /** The mode {@code name} names ({@code auto}, {@code tty} or {@code plain}), whatever its case. */
    public static Optional<ProgressMode> parse(String name) {
        for (ProgressMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** Its name as written on the command line. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

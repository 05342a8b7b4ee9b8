package dev.gantry.engine.cli.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses how a run is shown: the live display on a terminal, plain lines elsewhere or with
 * {@code --quiet}, colour only on a terminal and never when {@code NO_COLOR} is set (to
 * anything but the empty string) or {@code TERM} is {@code dumb}.
 */
public final class ProgressDisplay {
    private ProgressDisplay() {}

    /**
     * The display of a run written to {@code out}, the stream of file descriptor {@code fd} (1
     * for standard output, 2 for standard error).
     *
     * @param env the environment, which says the terminal's size ({@code COLUMNS}, {@code
     *     LINES}) and whether colour is wanted ({@code NO_COLOR}, {@code TERM})
     */
    public static RunDisplay create(PrintStream out, int fd, ProgressMode mode, Verbosity verbosity,
            Map<String, String> env) {
        boolean dumb = "dumb".equals(env.get("TERM"));
        boolean terminal = isTerminal(fd);
        boolean live = switch (mode) {
            case TTY -> true;
            case PLAIN -> false;
            case AUTO -> terminal && !dumb;
        };
        String noColour = env.get("NO_COLOR");
        boolean colour = (terminal || mode == ProgressMode.TTY) && !dumb && (noColour == null || noColour.isEmpty());
        if (!live || verbosity == Verbosity.QUIET) {
            return new PlainReporter(out, verbosity, colour);
        }
        return new LiveReporter(out, verbosity == Verbosity.VERBOSE, colour, TerminalSize.detect(env));
    }

    /**
     * Whether file descriptor {@code fd} of this process is a terminal. Linux says so in {@code
     * /proc/self/fd}; elsewhere, a console means that standard input and output both are one.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}

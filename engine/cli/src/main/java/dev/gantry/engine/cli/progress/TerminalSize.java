package dev.gantry.engine.cli.progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The size of the terminal the display draws on, in characters: {@code COLUMNS} and {@code
 * LINES} when set (a shell seldom exports them, so setting them fixes the size), else what
 * {@code stty size} says of {@code /dev/tty}, asked once at the start and again when the
 * terminal is resized (SIGWINCH), else 80 by 24.
 */
final class TerminalSize {
    static final int DEFAULT_COLUMNS = 80;
    static final int DEFAULT_ROWS = 24;

    private final boolean fixedColumns;
    private final boolean fixedRows;
    private volatile int columns;
    private volatile int rows;

    private TerminalSize(Map<String, String> env) {
        int envColumns = positive(env.get("COLUMNS"));
        int envRows = positive(env.get("LINES"));
        fixedColumns = envColumns > 0;
        fixedRows = envRows > 0;
        columns = fixedColumns ? envColumns : DEFAULT_COLUMNS;
        rows = fixedRows ? envRows : DEFAULT_ROWS;
    }

    /** The size as {@code env} and the terminal say; it follows resizes unless the environment fixes it. */
    static TerminalSize detect(Map<String, String> env) {
        TerminalSize size = new TerminalSize(env);
        if (!size.fixedColumns || !size.fixedRows) {
            size.askStty();
            ResizeSignal.onResize(size::askStty);
        }
        return size;
    }

    int columns() {
        return columns;
    }

    int rows() {
        return rows;
    }

    /** Asks {@code stty size} (rows, then columns) of the controlling terminal; keeps what it has if that fails. */
    private void askStty() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                return;
            }
            String[] parts = answer.split("\\s+");
            if (parts.length == 2) {
                // A pseudo-terminal nobody sized says 0 0: then the defaults stand.
                int r = positive(parts[0]);
                int c = positive(parts[1]);
                if (!fixedRows && r > 0) {
                    rows = r;
                }
                if (!fixedColumns && c > 0) {
                    columns = c;
                }
            }
        } catch (IOException e) {
            // No stty, or no controlling terminal: the size stays as it was.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code text} as a positive number, or 0 if it is missing or not one. */
    private static int positive(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

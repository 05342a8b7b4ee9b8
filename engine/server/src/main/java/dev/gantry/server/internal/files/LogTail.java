package dev.gantry.server.internal.files;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log, read from its end: a long log costs no more than a short one. */
public final class LogTail {
    /** How far back from the end the lines are looked for. */
    private static final int WINDOW = 64 * 1024;

    private LogTail() {}

    /** The last {@code count} lines of {@code log}, as UTF-8 text. */
    public static List<String> last(Path log, int count) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, WINDOW);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            if (size < length && !lines.isEmpty()) {
                lines.remove(0); // cut in the middle
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }
}

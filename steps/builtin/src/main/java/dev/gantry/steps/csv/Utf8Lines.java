package dev.gantry.steps.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the line of the first byte sequence that is not valid UTF-8. A decoding reader reports
 * such an error when it decodes a whole buffer, before the CSV reader reaches the line, so the
 * line is found afterwards by this second, byte-level look.
 */
final class Utf8Lines {
    private Utf8Lines() {}

    /** Returns the 1-based line of the first invalid sequence, or the last line when there is none. */
    static long firstInvalidLine(Path file) throws IOException {
        long line = 1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int lead;
            while ((lead = in.read()) >= 0) {
                if (lead == '\n') {
                    line++;
                    continue;
                }
                if (lead < 0x80) {
                    continue;
                }
                int continuations;
                int low = 0x80;
                int high = 0xBF;
                if (lead >= 0xC2 && lead <= 0xDF) {
                    continuations = 1;
                } else if (lead >= 0xE0 && lead <= 0xEF) {
                    continuations = 2;
                    low = lead == 0xE0 ? 0xA0 : low;
                    high = lead == 0xED ? 0x9F : high;
                } else if (lead >= 0xF0 && lead <= 0xF4) {
                    continuations = 3;
                    low = lead == 0xF0 ? 0x90 : low;
                    high = lead == 0xF4 ? 0x8F : high;
                } else {
                    return line;
                }
                for (int i = 0; i < continuations; i++) {
                    int next = in.read();
                    if (next < (i == 0 ? low : 0x80) || next > (i == 0 ? high : 0xBF)) {
                        return line;
                    }
                }
            }
        }
        return line;
    }
}

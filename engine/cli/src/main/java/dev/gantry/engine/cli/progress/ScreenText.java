package dev.gantry.engine.cli.progress;

/**
 * A step's output made safe to show inside the live display: a line a step prints may hold
 * colours, cursor movements or carriage returns of its own, which would move the display's
 * cursor and leave its lines where it does not expect them.
 */
final class ScreenText {
    private static final char ESC = '\u001b';
    private static final char BEL = '\u0007';

    private ScreenText() {}

    /**
     * {@code line} without ANSI escape sequences (CSI such as colours and cursor movements, OSC
     * such as window titles, and two-character escapes) and without control characters; a tab
     * becomes a space.
     */
    static String clean(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                i = afterEscape(line, i + 1);
            } else if (c == '\u009b') {
                // The one-byte form of CSI.
                i = afterCsi(line, i + 1);
            } else {
                if (c == '\t') {
                    out.append(' ');
                } else if (!Character.isISOControl(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the escape sequence whose ESC is just before {@code i}. */
    private static int afterEscape(String line, int i) {
        if (i >= line.length()) {
            return i;
        }
        char kind = line.charAt(i);
        if (kind == '[') {
            return afterCsi(line, i + 1);
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
            // OSC, DCS, APC and PM run to BEL or to the string terminator ESC \.
            for (int j = i + 1; j < line.length(); j++) {
                if (line.charAt(j) == BEL) {
                    return j + 1;
                }
                if (line.charAt(j) == ESC && j + 1 < line.length() && line.charAt(j + 1) == '\\') {
                    return j + 2;
                }
            }
            return line.length();
        }
        // A two-character escape such as ESC 7 or ESC M; a character-set choice (ESC ( B) has one more.
        return kind == '(' || kind == ')' ? Math.min(line.length(), i + 2) : i + 1;
    }

    /** The index after a CSI sequence's final byte (in {@code @} to {@code ~}), its parameters starting at {@code i}. */
    private static int afterCsi(String line, int i) {
        for (int j = i; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c >= '@' && c <= '~') {
                return j + 1;
            }
        }
        return line.length();
    }
}

package dev.gantry.yaml;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes strings as YAML scalars with as few quotes as is safe: plain when any YAML reader
 * gives back the same string, double-quoted otherwise. The rules for plain text are stricter
 * than YAML's own, so that they hold in block and flow context alike and for YAML 1.1 readers
 * that take {@code yes} for true.
 */
final class YamlScalars {
    /** Characters that may never appear in plain text here: flow indicators, comments, quotes. */
    private static final String NEVER_PLAIN = "{}[],#'\"`\\";
    /** Characters a plain scalar may start with besides letters and digits. */
    private static final String PLAIN_START = "_./~$(+";
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern NOT_TEXT = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|="
            + "|[-+]?(\\.?[0-9][0-9_]*([.:][0-9_]*)*([eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+)"
            + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");

    private YamlScalars() {}

    /** {@code text} as a scalar that reads back as a string: {@code gantry/steps:dev}, {@code "42"}. */
    static String string(String text) {
        return isPlainSafe(text) && !NULLS.contains(text) && !NOT_TEXT.matcher(text).matches() ? text : quoted(text);
    }

    /**
     * {@code text} as a scalar whose written text is {@code text} again: numbers and booleans stay
     * plain ({@code 42}, {@code 0.20}), because the reader keeps parameters as written.
     */
    static String asWritten(String text) {
        return isPlainSafe(text) && !NULLS.contains(text) ? text : quoted(text);
    }

    /** {@code text} in double quotes, with escapes for quotes, backslashes and non-printable characters. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (isPrintable(c)) {
                        out.appendCodePoint(c);
                    } else if (c <= 0xFFFF) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.append(String.format("\\U%08X", c));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean isPlainSafe(String text) {
        if (text.isEmpty() || text.startsWith("---") || text.startsWith("...")) {
            return false;
        }
        char first = text.charAt(0);
        boolean goodStart = isAsciiLetterOrDigit(first) || PLAIN_START.indexOf(first) >= 0
                || (first == '-' && text.length() > 1 && text.charAt(1) != ' ');
        if (!goodStart || text.endsWith(" ") || text.endsWith(":")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || NEVER_PLAIN.indexOf(c) >= 0) {
                return false;
            }
            if (c == ':' && text.charAt(i + 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Printable in YAML's sense, less the line separators that some readers take for line breaks. */
    private static boolean isPrintable(int c) {
        return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
    }
}

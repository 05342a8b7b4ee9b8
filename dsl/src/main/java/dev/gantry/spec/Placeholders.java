package dev.gantry.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The placeholders a step's command and environment values may hold: {@code ${inputs.NAME}},
 * {@code ${outputs.NAME}} and {@code ${params.NAME}}.
 *
 * <p>Any text of the form {@code ${KIND.NAME}} is a placeholder, whatever its kind, so that a
 * misspelt kind is reported instead of passed on. Text of the form {@code ${NAME}}, without a
 * dot, is not one: shell variables such as {@code ${HOME}} reach the shell unchanged.
 */
public final class Placeholders {
    /** The kind of {@code ${inputs.x}}: the path of input {@code x}. */
    public static final String INPUTS = "inputs";
    /** The kind of {@code ${outputs.y}}: the path where output {@code y} is to be written. */
    public static final String OUTPUTS = "outputs";
    /** The kind of {@code ${params.p}}: the value of parameter {@code p}. */
    public static final String PARAMS = "params";
    /** Every kind there is, in the order messages list them. */
    public static final List<String> KINDS = List.of(INPUTS, OUTPUTS, PARAMS);

    private Placeholders() {}

    /**
     * One placeholder found in a template.
     *
     * @param kind the part before the dot, such as {@code inputs}; possibly not one of {@link #KINDS}
     * @param name the part after the dot, such as {@code table}
     * @param text the whole placeholder as written, such as <code>${inputs.table}</code>
     */
    public record Placeholder(String kind, String name, String text) {}

    /** Every placeholder in {@code template}, in order, repeats included. */
    public static List<Placeholder> find(String template) {
        List<Placeholder> found = new ArrayList<>();
        for (Match m = next(template, 0); m != null; m = next(template, m.end())) {
            found.add(m.placeholder());
        }
        return found;
    }

    /** {@code template} with each placeholder replaced by what {@code value} returns for it. */
    public static String substitute(String template, Function<Placeholder, String> value) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int copied = 0;
        for (Match m = next(template, 0); m != null; m = next(template, m.end())) {
            out.append(template, copied, m.start()).append(value.apply(m.placeholder()));
            copied = m.end();
        }
        return out.append(template, copied, template.length()).toString();
    }

    /** A placeholder found at {@code start} (inclusive) to {@code end} (exclusive) of a template. */
    private record Match(Placeholder placeholder, int start, int end) {}

    /**
     * The first placeholder that starts at or after {@code from}: <code>${</code>, a kind of
     * letters, digits, {@code _} and {@code -}, a dot, and a name running to the next
     * <code>}</code>. Scanned by hand: templates are read for every step of every run, and a
     * regular expression cost a cold JVM more than the rest of that work.
     */
    private static Match next(String template, int from) {
        for (int start = template.indexOf("${", from); start >= 0; start = template.indexOf("${", start + 1)) {
            int dot = start + 2;
            while (dot < template.length() && isKindChar(template.charAt(dot))) {
                dot++;
            }
            if (dot == start + 2 || dot == template.length() || template.charAt(dot) != '.') {
                continue;
            }
            int close = template.indexOf('}', dot + 1);
            if (close < 0) {
                return null;
            }
            Placeholder p = new Placeholder(template.substring(start + 2, dot), template.substring(dot + 1, close),
                    template.substring(start, close + 1));
            return new Match(p, start, close + 1);
        }
        return null;
    }

    private static boolean isKindChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}

package dev.gantry.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_-]+)\\.([^}]*)}");

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
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            found.add(new Placeholder(m.group(1), m.group(2), m.group()));
        }
        return found;
    }

    /** {@code template} with each placeholder replaced by what {@code value} returns for it. */
    public static String substitute(String template, Function<Placeholder, String> value) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = value.apply(new Placeholder(m.group(1), m.group(2), m.group()));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}

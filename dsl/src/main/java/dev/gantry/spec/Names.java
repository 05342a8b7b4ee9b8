package dev.gantry.spec;

import java.util.Locale;

/** The naming rules shared by pipelines, steps, inputs, outputs and parameters. */
public final class Names {
    /** The rule, worded as advice to end a message with. */
    public static final String RULE =
            "use lower-case letters, digits, - and _, starting with a letter or digit";

    private Names() {}

    /** Whether {@code name} uses only lower-case letters, digits, {@code -} and {@code _}. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '_' || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The message for a name that breaks the rules, such as {@code step name 'Train' is invalid:
     * use lower-case letters, digits, - and _, starting with a letter or digit}.
     *
     * @param what what the name names: {@code pipeline}, {@code step}, {@code parameter}
     * @param name the name as written
     */
    public static String invalidMessage(String what, String name) {
        return what + " name '" + name + "' is invalid: " + RULE;
    }

    /** The environment-variable form of a name: upper-cased, with {@code -} as {@code _}. */
    public static String toEnv(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}

package dev.gantry.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * A secret a step is given: where its value comes from, and how the step receives it. A
 * secret is named like an environment variable ({@code HF_TOKEN}), and the step sees it under
 * that name.
 *
 * @param source where the value is read when a run starts
 * @param as how the step receives it: as an environment variable, or (Docker only) as a file
 *     on an in-memory mount, {@code /run/secrets/NAME}, with {@code NAME_FILE} holding its path
 */
public record SecretSpec(SecretSource source, Delivery as) {
    /** The rule for secret names, worded as advice to end a message with. */
    public static final String NAME_RULE = "use letters, digits and _, not starting with a digit,"
            + " as an environment variable's name is written";
    /** The prefix of the variables the engine sets, which no secret may take. */
    public static final String RESERVED_PREFIX = "GANTRY_";

    public SecretSpec {
        if (source == null || as == null) {
            throw new IllegalArgumentException("a secret needs a source and a delivery");
        }
    }

    /** How a step receives a secret. */
    public enum Delivery {
        /** As an environment variable named like the secret. */
        ENV("env"),
        /** As a file on an in-memory mount in the step's container. */
        FILE("file");

        private final String yamlName;

        Delivery(String yamlName) {
            this.yamlName = yamlName;
        }

        /** The name the YAML uses: {@code env} or {@code file}. */
        public String yamlName() {
            return yamlName;
        }

        /** The delivery a YAML name stands for. */
        public static Optional<Delivery> fromYamlName(String name) {
            return Arrays.stream(values()).filter(d -> d.yamlName.equals(name)).findFirst();
        }
    }

    /** A secret read from the environment variable {@code variable}, given as a variable. */
    public static SecretSpec fromEnv(String variable) {
        return new SecretSpec(new SecretSource.EnvVar(variable), Delivery.ENV);
    }

    /** A secret read from the file at {@code path}, given as a variable. */
    public static SecretSpec fromFile(String path) {
        return new SecretSpec(new SecretSource.HostFile(path), Delivery.ENV);
    }

    /** This secret given as a file on an in-memory mount instead. */
    public SecretSpec asFile() {
        return new SecretSpec(source, Delivery.FILE);
    }

    /**
     * Whether {@code name} is a valid secret name: letters, digits and {@code _}, not starting
     * with a digit, and not starting with {@code GANTRY_}, which the engine's variables use.
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || Character.isDigit(name.charAt(0))
                || name.startsWith(RESERVED_PREFIX)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The message for a secret name that breaks the rule.
     *
     * @param owner {@code the pipeline} or {@code step 'train'}
     */
    public static String invalidNameMessage(String name, String owner) {
        if (name != null && name.startsWith(RESERVED_PREFIX)) {
            return "secret name '" + name + "' of " + owner + " is reserved: names starting with "
                    + RESERVED_PREFIX + " are the engine's";
        }
        return "secret name '" + name + "' of " + owner + " is invalid: " + NAME_RULE;
    }
}

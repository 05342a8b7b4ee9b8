package dev.gantry.spec;

import java.util.List;
import java.util.Optional;

/**
 * What a pipeline parameter declares besides its default: its type, the values of an enum, and
 * a description for people. A declaration never changes a cache key: only a parameter's value
 * is part of one.
 *
 * @param type the values it accepts
 * @param values the values an {@link ParamType#ENUM} accepts, in order; empty for other types
 * @param description what the parameter is for; absent when none is given
 */
public record ParamDeclaration(ParamType type, List<String> values, Optional<String> description) {
    /** The declaration of a parameter written as {@code NAME: VALUE}: any text, no description. */
    public static final ParamDeclaration STRING = new ParamDeclaration(ParamType.STRING, List.of(), Optional.empty());

    public ParamDeclaration {
        if (type == null) {
            throw new IllegalArgumentException("a parameter declaration needs a type");
        }
        values = List.copyOf(values);
        if (type == ParamType.ENUM && values.isEmpty()) {
            throw new IllegalArgumentException("an enum parameter needs at least one value");
        }
        if (type != ParamType.ENUM && !values.isEmpty()) {
            throw new IllegalArgumentException("only an enum parameter lists values, not " + type.yamlName());
        }
        if (description.isPresent() && description.get().isBlank()) {
            throw new IllegalArgumentException("a parameter's description must not be blank; leave it out instead");
        }
    }

    /** A parameter of {@code type} without a description; for an enum use {@link #oneOf}. */
    public static ParamDeclaration of(ParamType type) {
        return new ParamDeclaration(type, List.of(), Optional.empty());
    }

    /** An enum parameter that accepts {@code values}. */
    public static ParamDeclaration oneOf(List<String> values) {
        return new ParamDeclaration(ParamType.ENUM, values, Optional.empty());
    }

    /** This declaration with {@code text} as its description. */
    public ParamDeclaration withDescription(String text) {
        return new ParamDeclaration(type, values, Optional.of(text));
    }

    /**
     * What is wrong with {@code value} as a value of this parameter, worded to follow its name,
     * such as {@code must be one of logistic, tree, got 'svm'}; empty when it fits.
     */
    public Optional<String> mismatch(String value) {
        return type.mismatch(value, values);
    }
}

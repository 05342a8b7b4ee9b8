package dev.gantry.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An image built from a Dockerfile instead of named: {@code build: {context, dockerfile, args}}.
 * The image is built once per content of its context and tagged by that content's hash.
 *
 * @param context the build context directory, relative to the pipeline file's directory unless absolute
 * @param dockerfile the Dockerfile, relative to the context; absent means {@code Dockerfile}
 * @param args build arguments ({@code ARG} values), in declaration order
 */
public record BuildSpec(String context, Optional<String> dockerfile, Map<String, String> args) {
    public BuildSpec {
        Names.requireNonBlank(context, "build context");
        dockerfile.ifPresent(d -> Names.requireNonBlank(d, "dockerfile"));
        args = Maps.ordered(args);
    }

    /** A build of {@code context} with its {@code Dockerfile} and no arguments. */
    public static BuildSpec of(String context) {
        return new BuildSpec(context, Optional.empty(), Map.of());
    }

    public BuildSpec withDockerfile(String value) {
        return new BuildSpec(context, Optional.of(value), args);
    }

    public BuildSpec withArg(String name, String value) {
        Names.requireNonBlank(name, "build argument name");
        Map<String, String> more = new LinkedHashMap<>(args);
        more.put(name, value);
        return new BuildSpec(context, dockerfile, more);
    }

    /** The Dockerfile's path relative to the context. */
    public String effectiveDockerfile() {
        return dockerfile.orElse("Dockerfile");
    }
}

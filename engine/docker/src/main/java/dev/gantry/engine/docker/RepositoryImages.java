package dev.gantry.engine.docker;

import java.util.Optional;

/**
 * The images that Gantry's own repository builds, such as {@code gantry/steps:dev}, the built-in
 * steps' image: named {@code gantry/NAME:dev}. No registry has them, so they are never looked up
 * or pulled under that name, where a public registry could serve another image of that name; a
 * missing one is named with the command that builds it.
 */
final class RepositoryImages {
    static final String STEPS = "gantry/steps:dev";

    private RepositoryImages() {}

    /** Why {@code name}, missing from the Docker host, cannot be pulled, with how to build it; empty for any other image. */
    static Optional<String> notBuilt(String name) {
        if (name.equals(STEPS)) {
            return Optional.of("image '" + name + "' is built from the Gantry repository and is not on the Docker host; "
                    + "build it in the checkout with 'docker build -f steps/Dockerfile -t " + STEPS + " .' (where no "
                    + "registry can be reached: '.ci/docker-images.sh steps')");
        }
        if (name.startsWith("gantry/") && name.endsWith(":dev")) {
            return Optional.of("image '" + name + "' is built from the Gantry repository and is not on the Docker host; "
                    + "build it from the checkout as its README says");
        }
        return Optional.empty();
    }
}

package dev.gantry.engine.kubernetes.internal.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image name as a pipeline writes it ({@code gantry/steps:dev},
 * {@code ghcr.io/acme/train@sha256:...}), split the way Docker reads it: the registry is the
 * first part when it holds a dot or a port or is {@code localhost}, else Docker Hub, where a
 * one-part repository is under {@code library/}; the tag defaults to {@code latest}.
 *
 * @param registry the registry's host and port as written, such as {@code docker.io} or {@code localhost:5000}
 * @param repository the repository in that registry, such as {@code library/busybox}
 * @param tag the tag, {@code latest} when none is written
 * @param digest the digest the name is pinned to ({@code sha256:...}), if it is
 */
public record ImageReference(String registry, String repository, String tag, Optional<String> digest) {
    /** Docker Hub, as names write it. */
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    /**
     * Reads an image name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ImageReference parse(String name) {
        String rest = name;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                throw new IllegalArgumentException("its digest '" + digest.get() + "' is not sha256: and 64 hex digits");
            }
        }
        String tag = "latest";
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("its tag '" + tag + "' is not a valid tag");
            }
        }
        String registry = DOCKER_HUB;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")) {
                if (!HOST.matcher(head).matches()) {
                    throw new IllegalArgumentException("its registry '" + head + "' is not a host name with an optional port");
                }
                registry = head;
                rest = rest.substring(first + 1);
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("it names no repository");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("its repository '" + rest + "' is not lower-case letters, digits and"
                        + " separators (. _ -) between '/'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return new ImageReference(registry.toLowerCase(Locale.ROOT), rest, tag, digest);
    }

    /** The host the registry's API answers at: Docker Hub's is {@code registry-1.docker.io}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** Whether the registry is on this machine, which speaks plain HTTP as Docker allows it there. */
    public boolean isLoopback() {
        String host = registry.replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    /** The name pinned to {@code pinned}: {@code registry/repository@sha256:...}, as a pod's image. */
    public String pinnedTo(String pinned) {
        return registry + "/" + repository + "@" + pinned;
    }

    /** {@code registry/repository:tag}, the name in full. */
    @Override
    public String toString() {
        return registry + "/" + repository + ":" + tag + digest.map(d -> "@" + d).orElse("");
    }
}

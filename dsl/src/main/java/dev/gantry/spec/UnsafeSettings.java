package dev.gantry.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The container settings that reach through a step's fence to the host, the Docker daemon or
 * the store. Each is refused unless the step's {@code unsafe:} list names it with its word:
 *
 * <table>
 * <caption>The words of {@code unsafe:}</caption>
 * <tr><td>{@code host-network}</td><td>{@code network: host}</td></tr>
 * <tr><td>{@code container-network}</td><td>{@code network: container:NAME}</td></tr>
 * <tr><td>{@code cap:NAME}</td><td>capability {@code NAME}, when it is not in {@link #SAFE_CAPABILITIES}</td></tr>
 * <tr><td>{@code mount:/}</td><td>a volume of the host's root directory</td></tr>
 * <tr><td>{@code mount:/etc} ...</td><td>a volume of one of {@link #SYSTEM_DIRECTORIES} or of anything in it</td></tr>
 * <tr><td>{@code docker-socket}</td><td>a volume of the Docker socket, or of a directory that holds it</td></tr>
 * <tr><td>{@code mount-store}</td><td>a volume of the Gantry store, of anything in it, or of a directory that holds it</td></tr>
 * </table>
 *
 * <p>The validator judges paths as written; the Docker executor judges them again as they
 * resolve on the host, symbolic links followed, with the store it really uses.
 */
public final class UnsafeSettings {
    public static final String HOST_NETWORK = "host-network";
    public static final String CONTAINER_NETWORK = "container-network";
    public static final String DOCKER_SOCKET = "docker-socket";
    public static final String MOUNT_STORE = "mount-store";
    /** The prefix of a capability's word: {@code cap:SYS_ADMIN}. */
    public static final String CAPABILITY = "cap:";
    /** The prefix of a system directory's word: {@code mount:/etc}. */
    public static final String MOUNT = "mount:";
    /**
     * The capabilities a step may keep without an opt-in: those Docker gives a container by
     * default, less {@code MKNOD}, which makes device files.
     */
    public static final List<String> SAFE_CAPABILITIES = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** The host directories that a volume may not be, or be in, without {@code mount:DIR}. */
    public static final List<String> SYSTEM_DIRECTORIES = List.of("/etc", "/proc", "/sys", "/dev", "/boot", "/root");
    /** Where the Docker daemon's socket usually is. */
    public static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");
    /** The name of a store directory, as Gantry makes it in the directory it runs from. */
    public static final String STORE_DIRECTORY = ".gantry";

    private static final List<String> WORDS = List.of(HOST_NETWORK, CONTAINER_NETWORK, DOCKER_SOCKET, MOUNT_STORE);

    private UnsafeSettings() {}

    /**
     * One setting that needs an opt-in.
     *
     * @param optIn the word of {@code unsafe:} that allows it
     * @param field where the setting is in the step: {@code network}, {@code volumes.0}, {@code capabilities.1}
     * @param what the setting and why it is dangerous, naming the step
     */
    public record Use(String optIn, String field, String what) {
        /** Why the setting is refused, and the opt-in that would allow it. */
        public String refusal() {
            return what + "; to allow it, add '" + optIn + "' to the step's 'unsafe' list";
        }
    }

    /** Every setting of {@code step}'s container that needs an opt-in, judged as written. */
    public static List<Use> asWritten(StepSpec step) {
        ContainerSpec c = step.container();
        List<Use> uses = new ArrayList<>();
        for (int i = 0; i < c.volumes().size(); i++) {
            mountAsWritten(step.name(), i, c.volumes().get(i)).ifPresent(uses::add);
        }
        network(step.name(), c.network()).ifPresent(uses::add);
        for (int i = 0; i < c.capabilities().size(); i++) {
            capability(step.name(), i, c.capabilities().get(i)).ifPresent(uses::add);
        }
        return uses;
    }

    /** The settings among {@code uses} that {@code step} does not opt in to. */
    public static List<Use> refused(StepSpec step, List<Use> uses) {
        List<String> allowed = step.container().unsafe().stream().map(w -> canonical(w).orElse(w)).toList();
        return uses.stream().filter(u -> !allowed.contains(u.optIn())).toList();
    }

    /** {@code network: host} or {@code network: container:NAME}, which share a network stack the step should not have. */
    public static Optional<Use> network(String step, Optional<String> network) {
        if (network.isEmpty()) {
            return Optional.empty();
        }
        String n = network.get();
        String head = "step '" + step + "' uses network '" + n + "', ";
        if (n.equals("host")) {
            return Optional.of(new Use(HOST_NETWORK, "network", head + "the host's own network, with every service"
                    + " that listens on localhost"));
        }
        if (n.startsWith("container:")) {
            return Optional.of(new Use(CONTAINER_NETWORK, "network", head + "the network of another container"));
        }
        return Optional.empty();
    }

    /** A capability outside {@link #SAFE_CAPABILITIES}; {@code index} is its place in {@code capabilities:}. */
    public static Optional<Use> capability(String step, int index, String written) {
        String name = ContainerSpec.capabilityName(written);
        if (SAFE_CAPABILITIES.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(new Use(CAPABILITY + name, "capabilities." + index, "step '" + step
                + "' keeps capability '" + written + "', which is beyond the safe set (Docker's default capabilities less"
                + " MKNOD)"));
    }

    /**
     * A volume judged as written: an absolute source by its path, a source with a
     * {@code .gantry} part as a store, and a relative source that names the pipeline's
     * directory or one above it ({@code .}, {@code ..}) as a directory that holds the store,
     * which is made in the directory Gantry runs from.
     */
    public static Optional<Use> mountAsWritten(String step, int index, VolumeSpec volume) {
        Path written = Path.of(volume.source()).normalize();
        for (Path part : written) {
            if (part.toString().equals(STORE_DIRECTORY)) {
                return Optional.of(storeUse(step, index, volume, "a Gantry store (" + STORE_DIRECTORY
                        + ") or a path in one"));
            }
        }
        if (!written.isAbsolute()) {
            // The pipeline's own directory normalizes to the empty path; those above it to "..", "../..".
            String text = written.toString();
            boolean upward = text.isEmpty() || text.matches("\\.\\.(/\\.\\.)*");
            return upward ? Optional.of(storeUse(step, index, volume, "the pipeline's directory or one above it,"
                    + " which holds the Gantry store (" + STORE_DIRECTORY + ") when Gantry runs there"))
                    : Optional.empty();
        }
        return mount(step, index, volume, List.of(written), DOCKER_SOCKETS.stream().map(Path::of).toList(), List.of());
    }

    /**
     * A volume judged by where its source is on the host.
     *
     * @param views the source as absolute, normalized paths: as written, and as it resolves
     * @param sockets where the Docker socket is, in the same views
     * @param stores where the store is, in the same views
     */
    public static Optional<Use> mount(String step, int index, VolumeSpec volume, List<Path> views, List<Path> sockets,
            List<Path> stores) {
        String field = "volumes." + index;
        for (Path view : views) {
            if (view.getNameCount() == 0) {
                return Optional.of(new Use(MOUNT + "/", field, head(step, volume) + "the host's root directory"));
            }
        }
        for (Path view : views) {
            for (Path socket : sockets) {
                if (socket.startsWith(view)) {
                    return Optional.of(new Use(DOCKER_SOCKET, field, head(step, volume) + (socket.equals(view)
                            ? "the Docker socket" : "a directory that holds the Docker socket " + socket)
                            + ", which gives control of the whole host"));
                }
            }
        }
        for (Path view : views) {
            for (Path store : stores) {
                if (store.startsWith(view) || view.startsWith(store)) {
                    return Optional.of(storeUse(step, index, volume, (view.equals(store) ? "the Gantry store "
                            : view.startsWith(store) ? "a path in the Gantry store " : "a directory that holds the"
                            + " Gantry store ") + store));
                }
            }
        }
        for (Path view : views) {
            for (String dir : SYSTEM_DIRECTORIES) {
                if (view.startsWith(dir)) {
                    return Optional.of(new Use(MOUNT + dir, field, head(step, volume)
                            + (view.equals(Path.of(dir)) ? "" : "a path in ") + "the host's system directory " + dir));
                }
            }
        }
        return Optional.empty();
    }

    private static Use storeUse(String step, int index, VolumeSpec volume, String which) {
        return new Use(MOUNT_STORE, "volumes." + index, head(step, volume) + which
                + ", where every cached result is kept");
    }

    private static String head(String step, VolumeSpec volume) {
        return "step '" + step + "' mounts host path '" + volume.source() + "' at '" + volume.target() + "', ";
    }

    /**
     * An opt-in as {@link Use#optIn} spells it: {@code cap:net_admin} and {@code cap:CAP_NET_ADMIN}
     * as {@code cap:NET_ADMIN}, {@code mount:/etc/} as {@code mount:/etc}; empty when it is not
     * one of the words.
     */
    public static Optional<String> canonical(String written) {
        String word = written.trim();
        if (WORDS.contains(word)) {
            return Optional.of(word);
        }
        if (word.toLowerCase(Locale.ROOT).startsWith(CAPABILITY)) {
            String name = ContainerSpec.capabilityName(word.substring(CAPABILITY.length()));
            return name.matches("[A-Z_]+") ? Optional.of(CAPABILITY + name) : Optional.empty();
        }
        if (word.startsWith(MOUNT) && word.length() > MOUNT.length()) {
            String dir = Path.of(word.substring(MOUNT.length())).normalize().toString();
            return dir.equals("/") || SYSTEM_DIRECTORIES.contains(dir) ? Optional.of(MOUNT + dir) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The words, for a message that lists them. */
    public static String vocabulary() {
        return String.join(", ", WORDS) + ", " + MOUNT + "/, " + String.join(", ",
                SYSTEM_DIRECTORIES.stream().map(d -> MOUNT + d).toList()) + " or " + CAPABILITY + "NAME";
    }
}

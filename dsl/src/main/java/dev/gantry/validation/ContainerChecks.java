package dev.gantry.validation;

import dev.gantry.spec.ContainerSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.TmpfsSpec;
import dev.gantry.spec.VolumeSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks a step's container settings: where things are mounted, and which capabilities it
 * keeps. Part of {@link PipelineValidator}; problems go to its reporter by source path.
 */
final class ContainerChecks {
    /** Where Gantry mounts a step's inputs and outputs; nothing else may be mounted there. */
    static final String RESERVED = "/gantry";
    /** The Linux capabilities Docker knows, as {@code capabilities:} lists them. */
    static final List<String> CAPABILITIES = List.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
            "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
            "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE",
            "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    private final StepSpec step;
    private final String at;
    private final BiConsumer<String, String> report;
    private final Map<String, String> mountPoints = new HashMap<>();

    private ContainerChecks(StepSpec step, String at, BiConsumer<String, String> report) {
        this.step = step;
        this.at = at;
        this.report = report;
    }

    /** Reports every problem in {@code step}'s container settings; {@code at} is the step's source path. */
    static void check(StepSpec step, String at, BiConsumer<String, String> report) {
        new ContainerChecks(step, at, report).run();
    }

    private void run() {
        ContainerSpec c = step.container();
        if (c.build().isPresent() && step.image().isPresent()) {
            report.accept(at + ".build", "step '" + step.name() + "' sets both 'image' and 'build'; give one of them");
        }
        for (int i = 0; i < c.volumes().size(); i++) {
            VolumeSpec v = c.volumes().get(i);
            mountPoint(at + ".volumes." + i, "volume target", "volume " + (i + 1), v.target());
        }
        for (int i = 0; i < c.tmpfs().size(); i++) {
            TmpfsSpec t = c.tmpfs().get(i);
            mountPoint(at + ".tmpfs." + i, "tmpfs path", "tmpfs mount " + (i + 1), t.path());
        }
        c.checkpoints().ifPresent(path -> mountPoint(at + ".checkpoints", "checkpoints path", "its checkpoints", path));
        for (int i = 0; i < c.capabilities().size(); i++) {
            capability(at + ".capabilities." + i, c.capabilities().get(i));
        }
    }

    /**
     * Checks one mount point.
     *
     * @param what what the path is, for messages about it alone: {@code volume target}
     * @param label which mount it is, for messages about two: {@code volume 2}
     */
    private void mountPoint(String path, String what, String label, String target) {
        String where = what + " '" + target + "' of step '" + step.name() + "'";
        if (!target.startsWith("/")) {
            report.accept(path, where + " is not an absolute path (write where the container sees it, like /data)");
            return;
        }
        String normalized = normalize(target);
        if (normalized.equals(RESERVED) || normalized.startsWith(RESERVED + "/")) {
            report.accept(path, where + " is inside " + RESERVED
                    + ", where Gantry mounts the step's inputs and outputs; choose another path");
            return;
        }
        String earlier = mountPoints.putIfAbsent(normalized, label);
        if (earlier != null) {
            report.accept(path, "step '" + step.name() + "' mounts both " + earlier + " and " + label + " at '"
                    + normalized + "'");
        }
    }

    private void capability(String path, String written) {
        String name = ContainerSpec.capabilityName(written);
        if (name.equals("ALL")) {
            report.accept(path, "step '" + step.name() + "' keeps capability 'ALL', which is as good as privileged;"
                    + " list the capabilities it needs instead");
        } else if (!CAPABILITIES.contains(name)) {
            String hint = Suggestions.didYouMean(name, CAPABILITIES);
            report.accept(path, "step '" + step.name() + "' keeps capability '" + written
                    + "', which is not a Linux capability" + (hint.isEmpty() ? " (such as NET_ADMIN or SYS_PTRACE)" : hint));
        }
    }

    /** {@code /a//b/} as {@code /a/b}. */
    private static String normalize(String absolute) {
        String collapsed = absolute.replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }
}

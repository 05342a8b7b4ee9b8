package dev.gantry.engine.slurm;

import dev.gantry.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and how the Slurm executor submits jobs: {@code executors: {slurm: {...}}} in
 * {@code gantry.yaml}, and a step's own {@code executors: {slurm: {...}}} over it.
 *
 * @param partition {@code --partition}; default: the cluster's default partition
 * @param account {@code --account}; default: the user's default account
 * @param qos {@code --qos}; default: the account's default QOS
 * @param flags more {@code sbatch} flags, as written, such as {@code --constraint=a100}
 * @param poll how often one {@code squeue} call asks for the state of every job the executor
 *     waits for; default 250 ms
 * @param parallel how many steps may be submitted at once where the run does not say; default 1000
 * @param containers whether steps with an image run in it, through Slurm's OCI support
 *     ({@code containers: oci}), or as host programs ({@code none}, the default)
 * @param bundles the directory of OCI bundles that images name ({@link OciBundles#locate})
 */
record SlurmSettings(Optional<String> partition, Optional<String> account, Optional<String> qos, List<String> flags,
        Duration poll, int parallel, boolean containers, Optional<Path> bundles) {
    /** The keys a step's own settings may have. */
    static final String[] STEP_KEYS = {"partition", "account", "qos", "flags"};

    SlurmSettings {
        flags = List.copyOf(flags);
    }

    static SlurmSettings defaults() {
        return new SlurmSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Duration.ofMillis(250), 1000, false, Optional.empty());
    }

    /**
     * The executor's settings from the configuration file.
     *
     * @throws dev.gantry.settings.InvalidSettingsException listing every problem in them
     */
    static SlurmSettings from(Settings settings) {
        settings.allowOnly("partition", "account", "qos", "flags", "poll", "parallel", "containers", "bundles");
        SlurmSettings defaults = defaults();
        Duration poll = settings.duration("poll").orElse(defaults.poll);
        if (poll.toMillis() < 50) {
            settings.problem("poll", "'poll' in " + settings.context() + " is " + poll.toMillis()
                    + " ms; at least 50ms, since each poll is one squeue call to slurmctld");
        }
        int parallel = settings.integer("parallel").orElse(defaults.parallel);
        if (parallel < 1) {
            settings.problem("parallel", "'parallel' in " + settings.context() + " must be at least 1, was " + parallel);
        }
        String containers = settings.text("containers").orElse("none");
        if (!containers.equals("none") && !containers.equals("oci")) {
            settings.problem("containers", "'containers' in " + settings.context() + " is 'none' (steps are host"
                    + " programs) or 'oci' (steps with an image run in it through Slurm's OCI support), was '"
                    + containers + "'");
        }
        Optional<Path> bundles = settings.text("bundles").map(Path::of);
        bundles.filter(b -> !b.isAbsolute()).ifPresent(b -> settings.problem("bundles", "'bundles' in "
                + settings.context() + " must be an absolute path on the filesystem the nodes share, was '" + b + "'"));
        SlurmSettings read = new SlurmSettings(settings.text("partition"), settings.text("account"),
                settings.text("qos"), flags(settings), poll, parallel, containers.equals("oci"), bundles);
        settings.check();
        return read;
    }

    /**
     * These settings with a step's own over them: its partition, account and QOS replace these,
     * and its flags come after these.
     *
     * @throws dev.gantry.settings.InvalidSettingsException naming the step and what is wrong
     */
    SlurmSettings forStep(Settings step) {
        if (step.isEmpty()) {
            return this;
        }
        step.allowOnly(STEP_KEYS);
        List<String> all = new ArrayList<>(flags);
        all.addAll(flags(step));
        SlurmSettings merged = new SlurmSettings(step.text("partition").or(() -> partition),
                step.text("account").or(() -> account), step.text("qos").or(() -> qos), all, poll, parallel,
                containers, bundles);
        step.check();
        return merged;
    }

    private static List<String> flags(Settings settings) {
        List<String> flags = settings.texts("flags");
        for (String flag : flags) {
            if (!flag.startsWith("-")) {
                settings.problem("flags", "'" + flag + "' in 'flags' of " + settings.context()
                        + " is not an sbatch flag; write each as one word, such as --constraint=a100");
            }
        }
        return flags;
    }
}

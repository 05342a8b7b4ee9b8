package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.settings.Settings;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the executor's settings ({@code executors: {kubernetes: {...}}} in {@code gantry.yaml})
 * and a step's pod options (its own {@code executors: {kubernetes: {...}}} over its pipeline's
 * defaults), reporting every problem with its place, as {@link Settings} does.
 */
public final class SettingsReader {
    /** The keys a pipeline or a step may set for its pods. */
    static final String[] POD_KEYS = {"nodeSelector", "tolerations", "serviceAccount", "imagePullSecrets",
        "priorityClass", "automountServiceAccountToken"};
    private static final String[] KEYS = {"namespace", "context", "claim", "mountPath", "uid", "gid", "nodeSelector",
        "tolerations", "serviceAccount", "imagePullSecrets", "priorityClass", "automountServiceAccountToken",
        "secrets", "unschedulableTimeout", "parallel", "pollInterval", "stopGrace", "deleteWait", "registryTimeout"};
    /** A Kubernetes object's name: a DNS-1123 subdomain. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private SettingsReader() {}

    /**
     * The defaults, changed by what {@code settings} says.
     *
     * @throws dev.gantry.settings.InvalidSettingsException listing every problem
     */
    public static KubernetesSettings executor(Settings settings) {
        settings.allowOnly(KEYS);
        KubernetesSettings k = KubernetesSettings.defaults();
        Optional<String> namespace = name(settings, "namespace");
        Optional<String> context = settings.text("context");
        Optional<String> claim = name(settings, "claim");
        Optional<Path> mountPath = settings.text("mountPath").flatMap(p -> {
            if (!p.startsWith("/")) {
                settings.problem("mountPath", "expected an absolute path for 'mountPath' in " + settings.context()
                        + ", got '" + p + "'");
                return Optional.empty();
            }
            return Optional.of(Path.of(p));
        });
        long uid = settings.integer("uid").orElse((int) k.uid());
        long gid = settings.integer("gid").orElse((int) k.gid());
        if (uid <= 0) {
            settings.problem("uid", "expected a user id above 0 for 'uid' in " + settings.context()
                    + " (pods never run as root), got '" + uid + "'");
        }
        if (gid < 0) {
            settings.problem("gid", "expected a group id of 0 or more for 'gid' in " + settings.context() + ", got '"
                    + gid + "'");
        }
        PodOptions pod = PodOptions.DEFAULTS.with(podChanges(settings));
        Map<String, KubernetesSettings.SecretRef> secrets = secrets(settings);
        var unschedulable = positive(settings, "unschedulableTimeout");
        Optional<Integer> parallel = settings.integer("parallel");
        parallel.filter(n -> n < 1).ifPresent(n -> settings.problem("parallel", "expected 1 or more for 'parallel'"
                + " in " + settings.context() + ", got '" + n + "'"));
        var poll = positive(settings, "pollInterval");
        var grace = settings.duration("stopGrace");
        var deleteWait = positive(settings, "deleteWait");
        var registryTimeout = positive(settings, "registryTimeout");
        settings.check();
        return new KubernetesSettings(namespace, context, claim, mountPath, uid, gid, pod, secrets,
                unschedulable.orElse(k.unschedulableTimeout()), parallel.orElse(k.parallel()),
                poll.orElse(k.pollInterval()), grace.orElse(k.stopGrace()), deleteWait.orElse(k.deleteWait()),
                registryTimeout.orElse(k.registryTimeout()));
    }

    /** What a pipeline's defaults and a step set of their pods' options; problems are reported into {@code settings}. */
    static PodOptions.Changes podChanges(Settings settings) {
        Optional<Map<String, String>> nodeSelector = settings.has("nodeSelector")
                ? Optional.of(settings.textMap("nodeSelector")) : Optional.empty();
        Optional<List<PodOptions.Toleration>> tolerations = settings.has("tolerations")
                ? Optional.of(tolerations(settings)) : Optional.empty();
        Optional<String> serviceAccount = name(settings, "serviceAccount");
        Optional<List<String>> pullSecrets = settings.has("imagePullSecrets")
                ? Optional.of(settings.texts("imagePullSecrets")) : Optional.empty();
        Optional<String> priorityClass = name(settings, "priorityClass");
        Optional<Boolean> token = settings.flag("automountServiceAccountToken");
        return new PodOptions.Changes(nodeSelector, tolerations, serviceAccount, pullSecrets, priorityClass, token);
    }

    /**
     * The problems of what {@code step} (over its pipeline's defaults) sets for its pod, each a
     * sentence naming where; empty when there are none.
     */
    public static List<String> stepProblems(PipelineSpec pipeline, StepSpec step) {
        Settings settings = Settings.forStep(pipeline, step, "kubernetes");
        settings.allowOnly(POD_KEYS);
        podChanges(settings);
        return settings.problems().stream().map(Object::toString).toList();
    }

    /** The pod options of {@code step}: the executor's, changed by what the step and its pipeline's defaults set. */
    static PodOptions podOptions(PodOptions executor, PipelineSpec pipeline, StepSpec step) {
        Settings settings = Settings.forStep(pipeline, step, "kubernetes");
        settings.allowOnly(POD_KEYS);
        PodOptions.Changes changes = podChanges(settings);
        if (!settings.problems().isEmpty()) {
            throw new ExecutionException(String.join("; ", settings.problems().stream().map(Object::toString).toList()));
        }
        return executor.with(changes);
    }

    private static List<PodOptions.Toleration> tolerations(Settings settings) {
        List<PodOptions.Toleration> tolerations = new ArrayList<>();
        List<Settings> items = settings.sections("tolerations");
        for (int i = 0; i < items.size(); i++) {
            Settings t = items.get(i);
            t.allowOnly("key", "operator", "value", "effect");
            Optional<String> key = t.text("key");
            String operator = t.text("operator").orElse("Equal");
            Optional<String> value = t.text("value");
            Optional<String> effect = t.text("effect");
            String where = "toleration " + (i + 1) + " in " + settings.context();
            if (!operator.equals("Equal") && !operator.equals("Exists")) {
                t.problem("operator", "expected Equal or Exists for 'operator' of " + where + ", got '" + operator + "'");
                continue;
            }
            if (effect.isPresent() && !EFFECTS.contains(effect.get())) {
                t.problem("effect", "expected one of " + String.join(", ", EFFECTS) + " for 'effect' of " + where
                        + ", got '" + effect.get() + "'");
                continue;
            }
            if (key.isEmpty() && operator.equals("Equal")) {
                t.problem("key", where + " has no 'key': only 'operator: Exists' may leave it out");
                continue;
            }
            tolerations.add(new PodOptions.Toleration(key, operator, value, effect));
        }
        return tolerations;
    }

    private static Map<String, KubernetesSettings.SecretRef> secrets(Settings settings) {
        Settings section = settings.section("secrets");
        Map<String, KubernetesSettings.SecretRef> refs = new LinkedHashMap<>();
        for (String name : section.keys()) {
            Settings ref = section.section(name);
            ref.allowOnly("secret", "key");
            Optional<String> secret = name(ref, "secret");
            Optional<String> key = ref.text("key");
            if (secret.isEmpty() || key.isEmpty()) {
                if (!ref.has("secret") || !ref.has("key")) {
                    section.problem(name, "secret " + name + " in " + settings.context() + " needs both 'secret' (a"
                            + " Kubernetes Secret's name) and 'key' (a key of its data)");
                }
                continue;
            }
            refs.put(name, new KubernetesSettings.SecretRef(secret.get(), key.get()));
        }
        return refs;
    }

    private static Optional<String> name(Settings settings, String key) {
        return settings.text(key).flatMap(n -> {
            if (!NAME.matcher(n).matches()) {
                settings.problem(key, "expected a Kubernetes name (lower-case letters, digits, '-' and '.') for '"
                        + key + "' in " + settings.context() + ", got '" + n + "'");
                return Optional.empty();
            }
            return Optional.of(n);
        });
    }

    private static Optional<java.time.Duration> positive(Settings settings, String key) {
        return settings.duration(key).flatMap(d -> {
            if (d.isZero() || d.isNegative()) {
                settings.problem(key, "expected a duration above 0 for '" + key + "' in " + settings.context()
                        + ", got '" + settings.text(key).orElse("") + "'");
                return Optional.empty();
            }
            return Optional.of(d);
        });
    }
}

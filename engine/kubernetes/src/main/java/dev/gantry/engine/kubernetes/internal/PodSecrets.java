package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.StepLaunch;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A step's secrets as its pod gets them: from the Kubernetes Secrets that
 * {@code executors.kubernetes.secrets} names, never from the values the engine read. A secret
 * given as a variable is a {@code secretKeyRef}; one given as a file ({@code as: file}) is a file
 * of a projected secret volume at {@code /run/secrets/NAME}, with {@code NAME_FILE} holding its
 * path. So no value is ever written into a pod's spec. A secret parameter's
 * {@code GANTRY_PARAM_} variable is the exception: its value already fills the command, and
 * goes into the spec as written.
 *
 * @param variables the secrets' variables, each from its Secret
 * @param plainVariables the secret parameters' variables, with their values
 * @param volume the volume of the secret files, if the step has any
 */
record PodSecrets(List<EnvVar> variables, Map<String, String> plainVariables, Optional<Volume> volume) {
    /** Where the secret files are: {@code /run/secrets/NAME}. */
    static final String DIR = "/run/secrets";
    static final String VOLUME = "gantry-secrets";
    /** Readable by the step's user: the pod has one container, and the mount is in memory and read-only. */
    private static final int FILE_MODE = 0444;

    /**
     * The secrets of {@code launch}, each from its Kubernetes Secret.
     *
     * @throws IOException naming a secret that no Kubernetes Secret is mapped to, and how to map it
     */
    static PodSecrets of(StepLaunch launch, Map<String, KubernetesSettings.SecretRef> refs) throws IOException {
        List<EnvVar> variables = new ArrayList<>();
        Map<String, String> plain = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : new TreeMap<>(launch.secrets().variables()).entrySet()) {
            if (v.getKey().startsWith("GANTRY_PARAM_")) {
                plain.put(v.getKey(), v.getValue());
                continue;
            }
            KubernetesSettings.SecretRef ref = ref(launch, refs, v.getKey());
            variables.add(new EnvVarBuilder().withName(v.getKey()).withNewValueFrom().withNewSecretKeyRef()
                    .withName(ref.secret()).withKey(ref.key()).endSecretKeyRef().endValueFrom().build());
        }
        List<VolumeProjection> files = new ArrayList<>();
        for (String name : new TreeMap<>(launch.secrets().files()).keySet()) {
            KubernetesSettings.SecretRef ref = ref(launch, refs, name);
            files.add(new VolumeProjectionBuilder().withNewSecret().withName(ref.secret())
                    .withItems(new KeyToPathBuilder().withKey(ref.key()).withPath(name).build()).endSecret().build());
            plain.put(name + "_FILE", DIR + "/" + name);
        }
        Optional<Volume> volume = files.isEmpty() ? Optional.empty() : Optional.of(new VolumeBuilder()
                .withName(VOLUME).withNewProjected().withDefaultMode(FILE_MODE).withSources(files).endProjected().build());
        return new PodSecrets(variables, plain, volume);
    }

    /** The Kubernetes Secrets the step's secrets come from, to check that each exists before its pod does. */
    static Map<String, KubernetesSettings.SecretRef> used(StepLaunch launch,
            Map<String, KubernetesSettings.SecretRef> refs) {
        Map<String, KubernetesSettings.SecretRef> used = new TreeMap<>();
        launch.secrets().variables().keySet().stream().filter(refs::containsKey).forEach(n -> used.put(n, refs.get(n)));
        launch.secrets().files().keySet().stream().filter(refs::containsKey).forEach(n -> used.put(n, refs.get(n)));
        return used;
    }

    private static KubernetesSettings.SecretRef ref(StepLaunch launch, Map<String, KubernetesSettings.SecretRef> refs,
            String name) throws IOException {
        KubernetesSettings.SecretRef ref = refs.get(name);
        if (ref == null) {
            throw new IOException("step '" + launch.step().name() + "': secret " + name + " has no Kubernetes Secret"
                    + " to come from: map it in gantry.yaml, executors: {kubernetes: {secrets: {" + name
                    + ": {secret: SECRET, key: KEY}}}}");
        }
        return ref;
    }
}

package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.settings.SettingsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The executor's settings as gantry.yaml writes them, and every problem with them at once. */
class SettingsReaderTest {
    private static final Path FILE = Path.of("/etc/gantry/gantry.yaml");

    private static KubernetesSettings read(String yaml) {
        return SettingsReader.executor(SettingsFile.parse(yaml, FILE).executor("kubernetes"));
    }

    @Test
    void everyKeyIsRead() {
        KubernetesSettings s = read("""
                executors:
                  kubernetes:
                    namespace: pipelines
                    context: prod
                    claim: gantry-store
                    mountPath: /gantry-store
                    uid: 2000
                    gid: 3000
                    nodeSelector: {pool: batch}
                    tolerations: [{key: dedicated, operator: Equal, value: ml, effect: NoSchedule}, {operator: Exists}]
                    serviceAccount: runner
                    imagePullSecrets: [registry-login]
                    priorityClass: batch-low
                    automountServiceAccountToken: true
                    secrets: {HF_TOKEN: {secret: hugging-face, key: token}}
                    unschedulableTimeout: 10m
                    parallel: 200
                    pollInterval: 2s
                    stopGrace: 30s
                    deleteWait: 2m
                    registryTimeout: 5s
                """);

        assertThat(s).isEqualTo(new KubernetesSettings(Optional.of("pipelines"), Optional.of("prod"),
                Optional.of("gantry-store"), Optional.of(Path.of("/gantry-store")), 2000, 3000,
                new PodOptions(Map.of("pool", "batch"), List.of(
                        new PodOptions.Toleration(Optional.of("dedicated"), "Equal", Optional.of("ml"),
                                Optional.of("NoSchedule")),
                        new PodOptions.Toleration(Optional.empty(), "Exists", Optional.empty(), Optional.empty())),
                        Optional.of("runner"), List.of("registry-login"), Optional.of("batch-low"), true),
                Map.of("HF_TOKEN", new KubernetesSettings.SecretRef("hugging-face", "token")), Duration.ofMinutes(10),
                200, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(5)));
    }

    @Test
    void noSectionIsEveryDefault() {
        assertThat(read("executor: kubernetes\n")).isEqualTo(KubernetesSettings.defaults());
    }

    @Test
    void everyProblemIsReportedAtOnceAtItsLine() {
        assertThatThrownBy(() -> read("""
                executors:
                  kubernetes:
                    claim: Gantry_Store
                    mountPath: gantry-store
                    uid: 0
                    tolerations: [{operator: Equal}]
                    secrets: {HF_TOKEN: {secret: hub}}
                    pollInterval: 0s
                """))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage(String.join("\n",
                        FILE + ":3:5: expected a Kubernetes name (lower-case letters, digits, '-' and '.') for 'claim'"
                                + " in 'executors.kubernetes' in " + FILE + ", got 'Gantry_Store'",
                        FILE + ":4:5: expected an absolute path for 'mountPath' in 'executors.kubernetes' in " + FILE
                                + ", got 'gantry-store'",
                        FILE + ":5:5: expected a user id above 0 for 'uid' in 'executors.kubernetes' in " + FILE
                                + " (pods never run as root), got '0'",
                        FILE + ":6:19: toleration 1 in 'executors.kubernetes' in " + FILE + " has no 'key': only"
                                + " 'operator: Exists' may leave it out",
                        FILE + ":7:15: secret HF_TOKEN in 'executors.kubernetes' in " + FILE + " needs both 'secret'"
                                + " (a Kubernetes Secret's name) and 'key' (a key of its data)",
                        FILE + ":8:5: expected a duration above 0 for 'pollInterval' in 'executors.kubernetes' in "
                                + FILE + ", got '0s'"));
    }
}

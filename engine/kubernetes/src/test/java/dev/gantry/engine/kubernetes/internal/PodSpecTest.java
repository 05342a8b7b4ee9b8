package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.SecretSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.engine.spi.StepSecrets;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod a step becomes, field by field, as the mock API server received it. */
@EnableKubernetesMockClient(crud = true)
class PodSpecTest {
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void aStepBecomesAPodWithItsMountsResourcesSecretsPlacementAndSecureDefaults() throws Exception {
        client.secrets().inNamespace(MockKubelet.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("hub").endMetadata().withStringData(Map.of("token", "t0ken", "ssh", "k3y")).build()).create();
        Files.writeString(dir.resolve("token.txt"), "t0ken\n");
        Files.writeString(dir.resolve("key.txt"), "k3y\n");
        Pipeline p = Pipeline.named("full");
        p.defaultImage(KubernetesRuns.IMAGE);
        p.step("train").command("train", "--out", "${outputs.model}")
                .output("model", ArtifactType.FILE)
                .env("MODE", "fast")
                .cpus(0.5).memory("256m").gpus(2).shm("64m")
                .tmpfs("/scratch", "16m")
                .checkpoints("/ckpt")
                .timeout("90s")
                .secret("HF_TOKEN", SecretSpec.fromFile("token.txt"))
                .secret("SSH_KEY", SecretSpec.fromFile("key.txt").asFile());
        PodOptions options = new PodOptions(Map.of("gpu", "a100"),
                List.of(new PodOptions.Toleration(Optional.of("nvidia.com/gpu"), "Exists", Optional.empty(),
                        Optional.of("NoSchedule"))),
                Optional.of("trainer"), List.of("registry-login"), Optional.of("batch-high"), false);
        KubernetesSettings settings = KubernetesRuns.testSettings().withUser(2000, 3000).withPod(options)
                .withSecrets(Map.of("HF_TOKEN", new KubernetesSettings.SecretRef("hub", "token"),
                        "SSH_KEY", new KubernetesSettings.SecretRef("hub", "ssh")));
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir, settings)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "train", 1);
            String name = pod.getMetadata().getName();
            NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE)
                    .withName(name).get();
            Path attemptDir = k8s.kubelet.hostPath(pod, "/gantry/outputs");
            Files.writeString(attemptDir.resolve("model"), "weights");
            k8s.kubelet.exited(pod, 0, "Completed");
            RunResult result = KubernetesRuns.await(run);
            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);

            String runId = result.runId();
            assertThat(name).isEqualTo("gantry-" + runId + "-train-1");
            assertThat(pod.getMetadata().getNamespace()).isEqualTo(MockKubelet.NAMESPACE);
            assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "app.kubernetes.io/managed-by", "gantry", "gantry.dev/pipeline", "full", "gantry.dev/run", runId,
                    "gantry.dev/step", "train", "gantry.dev/attempt", "1", "gantry.dev/pod", name));
            assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry("gantry.dev/pipeline", "full")
                    .containsEntry("gantry.dev/step", "train")
                    .containsEntry("gantry.dev/engine-pid", Long.toString(ProcessHandle.current().pid()))
                    .containsKeys("gantry.dev/engine-host", "gantry.dev/engine-pid-started");

            PodSpec spec = pod.getSpec();
            assertThat(spec.getRestartPolicy()).isEqualTo("Never");
            assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(90L);
            assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(5L);
            assertThat(spec.getAutomountServiceAccountToken()).isFalse();
            assertThat(spec.getEnableServiceLinks()).isFalse();
            assertThat(spec.getHostNetwork()).isNull();
            assertThat(spec.getServiceAccountName()).isEqualTo("trainer");
            assertThat(spec.getNodeSelector()).isEqualTo(Map.of("gpu", "a100"));
            assertThat(spec.getTolerations()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
                assertThat(t.getOperator()).isEqualTo("Exists");
                assertThat(t.getValue()).isNull();
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(spec.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry-login");
            assertThat(spec.getPriorityClassName()).isEqualTo("batch-high");
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(2000L);
            assertThat(spec.getSecurityContext().getRunAsGroup()).isEqualTo(3000L);
            assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            assertThat(spec.getContainers()).hasSize(1);
            Container c = spec.getContainers().get(0);
            assertThat(c.getName()).isEqualTo("step");
            assertThat(c.getImage()).isEqualTo(KubernetesRuns.IMAGE);
            assertThat(c.getCommand()).containsExactly("train", "--out", "/gantry/outputs/model");
            assertThat(c.getArgs()).isEmpty();
            assertThat(c.getWorkingDir()).isNull();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getPrivileged()).isFalse();
            assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isEmpty();
            assertThat(c.getResources().getRequests()).isEqualTo(Map.of(
                    "cpu", new Quantity("500m"), "memory", new Quantity("268435456")));
            assertThat(c.getResources().getLimits()).isEqualTo(Map.of(
                    "cpu", new Quantity("500m"), "memory", new Quantity("268435456"), "nvidia.com/gpu", new Quantity("2")));

            Map<String, String> plain = new LinkedHashMap<>();
            Map<String, String> fromSecrets = new LinkedHashMap<>();
            for (EnvVar v : c.getEnv()) {
                if (v.getValueFrom() != null) {
                    fromSecrets.put(v.getName(), v.getValueFrom().getSecretKeyRef().getName() + "/"
                            + v.getValueFrom().getSecretKeyRef().getKey());
                } else {
                    plain.put(v.getName(), v.getValue());
                }
            }
            assertThat(plain).isEqualTo(Map.of(
                    "MODE", "fast",
                    "GANTRY_RUN_ID", runId,
                    "GANTRY_STEP", "train",
                    "GANTRY_OUTPUT_MODEL", "/gantry/outputs/model",
                    "GANTRY_EXECUTOR", "kubernetes",
                    "GANTRY_IMAGE", KubernetesRuns.IMAGE,
                    "GANTRY_CHECKPOINTS", "/ckpt",
                    "SSH_KEY_FILE", "/run/secrets/SSH_KEY"));
            assertThat(fromSecrets).isEqualTo(Map.of("HF_TOKEN", "hub/token"));
            assertThat(c.getEnv().toString()).doesNotContain("t0ken").doesNotContain("k3y");

            String stepDir = "store/runs/" + runId + "/train";
            Map<String, String> mounts = c.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath,
                    m -> m.getName() + ":" + m.getSubPath() + ":" + (Boolean.TRUE.equals(m.getReadOnly()) ? "ro" : "rw")));
            assertThat(mounts).isEqualTo(Map.of(
                    "/gantry/outputs", "gantry-store:" + stepDir + "/attempt-1:rw",
                    "/ckpt", "gantry-store:" + stepDir + "/checkpoints:rw",
                    "/scratch", "memory-0:null:rw",
                    "/dev/shm", "memory-1:null:rw",
                    "/run/secrets", "gantry-secrets:null:ro"));
            assertThat(attemptDir).isEqualTo(k8s.mountPath.resolve(stepDir + "/attempt-1"));
            assertThat(Files.getAttribute(attemptDir, "unix:uid")).isEqualTo(2000);
            assertThat(Files.getAttribute(attemptDir, "unix:gid")).isEqualTo(3000);
            assertThat(Files.getAttribute(k8s.mountPath.resolve(stepDir + "/checkpoints"), "unix:uid")).isEqualTo(2000);

            Map<String, Volume> volumes = spec.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
            assertThat(volumes).containsOnlyKeys("gantry-store", "memory-0", "memory-1", "gantry-secrets");
            assertThat(volumes.get("gantry-store").getPersistentVolumeClaim().getClaimName()).isEqualTo("gantry-store");
            assertThat(volumes.get("gantry-store").getPersistentVolumeClaim().getReadOnly()).isNull();
            assertThat(volumes.get("memory-0").getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(volumes.get("memory-0").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("16777216"));
            assertThat(volumes.get("memory-1").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("67108864"));
            var projected = volumes.get("gantry-secrets").getProjected();
            assertThat(projected.getDefaultMode()).isEqualTo(0444);
            assertThat(projected.getSources()).singleElement().satisfies(s -> {
                assertThat(s.getSecret().getName()).isEqualTo("hub");
                assertThat(s.getSecret().getItems()).singleElement().satisfies(i -> {
                    assertThat(i.getKey()).isEqualTo("ssh");
                    assertThat(i.getPath()).isEqualTo("SSH_KEY");
                });
            });

            assertThat(policy.getMetadata().getLabels()).isEqualTo(pod.getMetadata().getLabels());
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("gantry.dev/pod", name));
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress", "Ingress");
            assertThat(policy.getSpec().getEgress()).isEmpty();
            assertThat(policy.getSpec().getIngress()).isEmpty();
        }
    }

    @Test
    void gpusBecomeALimitOfNvidiaGpusAndTheStepSeesThemAll() throws Exception {
        Path mount = dir.resolve("claim");
        Path log = mount.resolve("store/runs/r1/train/attempt-1.log");
        Files.createDirectories(log.getParent());
        Pipeline gpu = Pipeline.named("gpu");
        gpu.step("train").command("train").gpus(2);
        StepSpec step = gpu.build().steps().get("train");
        StepLaunch launch = new StepLaunch("r1", step, step.resources(), 1, step.command(), Map.of(), dir, Map.of(),
                Map.of(), List.of(), log, line -> { }, StepSecrets.NONE, null);
        Prepared prepared = new Prepared(KubernetesRuns.IMAGE, "gpu", PodOptions.DEFAULTS, List.of(), Map.of());

        Pod pod = PodManifest.of("gantry-r1-train-1", prepared, launch, KubernetesRuns.testSettings(),
                new ClaimPaths("gantry-store", mount));

        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getResources().getLimits()).isEqualTo(Map.of("nvidia.com/gpu", new Quantity("2")));
        assertThat(c.getResources().getRequests()).isNull();
        assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("NVIDIA_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("gantry-store");
        assertThat(c.getVolumeMounts()).isEmpty();
    }
}

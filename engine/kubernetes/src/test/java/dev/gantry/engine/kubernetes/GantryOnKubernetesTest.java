package dev.gantry.engine.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.ArtifactType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gantry itself, as an application opens it, running a pipeline with {@code executor:
 * kubernetes} from {@code gantry.yaml}: the executor is found on the class path, reads its
 * settings, connects as a kubeconfig would point it (here at the mock API server, through
 * fabric8's system properties), and runs each step as a pod that the test plays.
 */
@EnableKubernetesMockClient(crud = true)
class GantryOnKubernetesTest {
    private static final String NAMESPACE = "pipelines";
    private static final String IMAGE = "registry.example/gantry/step@sha256:" + "cd".repeat(32);
    private static final List<String> PROPERTIES = List.of(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY,
            Config.KUBERNETES_TRUST_CERT_SYSTEM_PROPERTY, Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY,
            Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY);
    KubernetesClient client;
    @TempDir
    Path dir;
    private Path claim;

    @BeforeEach
    void pointFabric8AtTheMockServer() {
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, client.getMasterUrl().toString());
        System.setProperty(Config.KUBERNETES_TRUST_CERT_SYSTEM_PROPERTY, "true");
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        claim = dir.resolve("claim");
    }

    @AfterEach
    void forgetTheMockServer() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void aPipelineRunsOnTheClusterThatGantryYamlNamesAndLeftoversAreDeletedWithANotice() throws Exception {
        Files.createDirectories(claim);
        Files.writeString(claim.resolve("gantry.yaml"), "executor: kubernetes\nexecutors:\n  kubernetes:\n"
                + "    namespace: " + NAMESPACE + "\n    claim: shared-store\n    mountPath: " + claim + "\n"
                + "    pollInterval: 20ms\n    nodeSelector: {pool: cpu}\n");
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("gantry-r0-old-1")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "gantry", "gantry.dev/run", "r0",
                        "gantry.dev/step", "old", "gantry.dev/attempt", "1"))
                .withAnnotations(Map.of("gantry.dev/engine-host", dev.gantry.engine.spi.EngineHost.name(),
                        "gantry.dev/engine-pid", "999999999"))
                .endMetadata().build()).create();
        Pipeline p = Pipeline.named("hello");
        p.defaultImage(IMAGE);
        StepBuilder greet = p.step("greet").command("sh", "-c", "echo hi > ${outputs.text}")
                .output("text", ArtifactType.FILE);
        greet.executorSettings("kubernetes", Map.of("priorityClass", "interactive"));
        List<String> notices = new CopyOnWriteArrayList<>();

        try (Gantry gantry = Gantry.open(claim.resolve("store"))) {
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> gantry.run(p.build(),
                    RunOptions.defaults().withBaseDir(dir).withListener(event -> {
                        if (event instanceof RunEvent.Notice notice) {
                            notices.add(notice.message());
                        }
                    })));
            Pod pod = awaitPod(run);
            assertThat(pod.getSpec().getNodeSelector()).isEqualTo(Map.of("pool", "cpu"));
            assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("interactive");
            VolumeMount outputs = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/gantry/outputs")).findFirst().orElseThrow();
            Files.writeString(claim.resolve(outputs.getSubPath()).resolve("text"), "hi\n");
            setStatus(pod, "Succeeded");
            RunResult result = run.get(30, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.step("greet").orElseThrow().outputs().get("text").path()).hasContent("hi");
            assertThat(notices).contains("deleted 1 pod left behind by an engine that died: run r0, step old,"
                    + " attempt 1 (pod gantry-r0-old-1)");
            assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        }
    }

    @Test
    void aMisspelledSettingIsReportedAtItsLineWithWhatWasMeant() throws Exception {
        Path file = Files.writeString(dir.resolve("gantry.yaml"), "executor: kubernetes\nexecutors:\n  kubernetes:\n"
                + "    namepsace: " + NAMESPACE + "\n    claim: shared-store\n    mountPath: " + claim + "\n");
        Pipeline p = Pipeline.named("hello");
        p.step("greet").image(IMAGE).command("true");

        try (Gantry gantry = Gantry.open(claim.resolve("store")).useSettings(SettingsFile.read(file))) {
            assertThatThrownBy(() -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessage(file + ":4:5: unknown key 'namepsace' in 'executors.kubernetes' in " + file
                            + " (did you mean 'namespace'?)");
        }
    }

    @Test
    void aStepsPodOptionThatIsWrongStopsTheRunBeforeAnyPodNamingTheStep() throws Exception {
        Files.createDirectories(claim);
        Files.writeString(claim.resolve("gantry.yaml"), "executor: kubernetes\nexecutors:\n  kubernetes:\n"
                + "    namespace: " + NAMESPACE + "\n    claim: shared-store\n    mountPath: " + claim + "\n");
        Pipeline p = Pipeline.named("hello");
        p.step("greet").image(IMAGE).command("true")
                .executorSettings("kubernetes", Map.of("tolerations", List.of(Map.of("operator", "Sometimes"))));

        try (Gantry gantry = Gantry.open(claim.resolve("store"))) {
            assertThatThrownBy(() -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)))
                    .hasMessageContaining("expected Equal or Exists for 'operator' of toleration 1 in"
                            + " 'executors.kubernetes' in step 'greet', got 'Sometimes'");
            assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        }
    }

    @Test
    void aClusterThatDoesNotAnswerStopsTheRunSayingWhatToCheck() throws Exception {
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, "https://localhost:1");
        Files.createDirectories(claim);
        Files.writeString(claim.resolve("gantry.yaml"), "executor: kubernetes\nexecutors:\n  kubernetes:\n"
                + "    namespace: " + NAMESPACE + "\n    claim: shared-store\n    mountPath: " + claim + "\n");
        Pipeline p = Pipeline.named("hello");
        p.step("greet").image(IMAGE).command("true");

        try (Gantry gantry = Gantry.open(claim.resolve("store"))) {
            assertThatThrownBy(() -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)))
                    .isInstanceOf(dev.gantry.engine.spi.ExecutorUnavailableException.class)
                    .hasMessageStartingWith("cannot list the pods of namespace 'pipelines' at https://localhost:1/: ")
                    .hasMessageEndingWith("; check that the cluster answers (kubectl get pods -n pipelines) and that"
                            + " Gantry's account may list pods there");
        }
    }

    private Pod awaitPod(CompletableFuture<RunResult> run) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (run.isDone()) {
                throw new AssertionError("the run ended before its pod was made: " + run.get().statuses() + " "
                        + run.get().step("greet").flatMap(s -> s.message()).orElse(""));
            }
            Optional<Pod> pod = client.pods().inNamespace(NAMESPACE).withLabel("gantry.dev/step", "greet").list()
                    .getItems().stream().findFirst();
            if (pod.isPresent()) {
                return pod.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no pod of step 'greet' in 20 s");
    }

    private void setStatus(Pod pod, String phase) {
        Pod current = client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get();
        current.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase)
                .addNewContainerStatus().withName("step").withNewState().withNewTerminated().withExitCode(0)
                .endTerminated().endState().endContainerStatus().build());
        client.pods().inNamespace(NAMESPACE).resource(current).updateStatus();
    }
}

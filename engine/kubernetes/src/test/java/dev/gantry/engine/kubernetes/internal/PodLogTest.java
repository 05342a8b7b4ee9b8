package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.spec.SecretSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod's log, followed from its container's start into the attempt's log file and the run's
 * output, with secret values masked. The CRUD mock serves no logs: the test answers the log
 * request with an expectation, which the mock API server serves beside its CRUD.
 */
@EnableKubernetesMockClient(crud = true)
class PodLogTest {
    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    @Test
    void theLogIsFollowedIntoTheAttemptsLogAndTheOutputWithSecretsMasked() throws Exception {
        client.secrets().inNamespace(MockKubelet.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("db").endMetadata().withStringData(Map.of("password", "hunter2")).build()).create();
        Files.writeString(dir.resolve("password.txt"), "hunter2\n");
        Pipeline p = Pipeline.named("logs");
        p.step("talk").image(KubernetesRuns.IMAGE).command("talk")
                .secret("DB_PASSWORD", SecretSpec.fromFile("password.txt"));
        KubernetesSettings settings = KubernetesRuns.testSettings()
                .withSecrets(Map.of("DB_PASSWORD", new KubernetesSettings.SecretRef("db", "password")));
        List<String> output = new CopyOnWriteArrayList<>();
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir, settings)) {
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> k8s.engine().run(p.build(),
                    RunOptions.defaults().withBaseDir(dir).withListener(event -> {
                        if (event instanceof RunEvent.StepOutput line) {
                            output.add(line.line());
                        }
                    })));
            Pod pod = k8s.awaitPod(run, "talk", 1);
            server.expect().get().withPath("/api/v1/namespaces/" + MockKubelet.NAMESPACE + "/pods/"
                    + pod.getMetadata().getName() + "/log?pretty=false&container=step&follow=true")
                    .andReturn(200, "connecting\nthe password is hunter2, do not tell\ndone\n").once();
            k8s.kubelet.running(pod);
            awaitLines(output, 3);
            k8s.kubelet.exited(pod, 0, "Completed");
            RunResult result = KubernetesRuns.await(run);

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.runDir().resolve("talk/attempt-1.log"))
                    .hasContent("connecting\nthe password is ***, do not tell\ndone");
            assertThat(output).containsExactly("connecting", "the password is ***, do not tell", "done");
        }
    }

    private static void awaitLines(List<String> output, int count) throws InterruptedException {
        for (int i = 0; i < 500 && output.size() < count; i++) {
            Thread.sleep(20);
        }
    }
}

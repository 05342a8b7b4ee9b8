package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods deleted on a cancel and a timeout, leftovers of dead engines, and paths off the claim. */
@EnableKubernetesMockClient(crud = true)
class PodLifecycleTest {
    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void aCancelledRunDeletesItsRunningPodAndItsNetworkPolicy() throws Exception {
        Pipeline p = Pipeline.named("long");
        p.step("wait").image(KubernetesRuns.IMAGE).command("sleep", "3600");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "wait", 1);
            k8s.kubelet.running(pod);
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .hasSize(1);

            k8s.engine().cancel();
            RunResult result = KubernetesRuns.await(run);

            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.step("wait").orElseThrow().failure().orElseThrow().kind())
                    .isEqualTo(FailureKind.CANCELLED);
            assertThat(k8s.kubelet.pods()).isEmpty();
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .isEmpty();
        }
    }

    @Test
    void anAttemptPastTheStepsTimeoutIsDeletedAndTimedOut() throws Exception {
        Pipeline p = Pipeline.named("slow");
        p.step("wait").image(KubernetesRuns.IMAGE).command("sleep", "3600").timeout("1s");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "wait", 1);
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(1L);
            k8s.kubelet.running(pod);
            RunResult result = KubernetesRuns.await(run);

            StepResult wait = result.step("wait").orElseThrow();
            assertThat(wait.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(wait.message()).contains("timed out after 1s");
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }

    @Test
    void aPreemptedAttemptIsRetriedInANewPod() throws Exception {
        Pipeline p = Pipeline.named("preempted");
        p.step("work").image(KubernetesRuns.IMAGE).command("work").retry(2, "0s");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod first = k8s.awaitPod(run, "work", 1);
            k8s.kubelet.status(first, new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed")
                    .addNewCondition().withType("DisruptionTarget").withStatus("True")
                    .withReason("PreemptionByScheduler").withMessage("preempted by a higher priority pod")
                    .endCondition().build());
            Pod second = k8s.awaitPod(run, "work", 2);
            k8s.kubelet.exited(second, 0, "Completed");
            RunResult result = KubernetesRuns.await(run);

            assertThat(first.getMetadata().getName()).endsWith("-work-1");
            assertThat(second.getMetadata().getName()).endsWith("-work-2");
            StepResult work = result.step("work").orElseThrow();
            assertThat(work.status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(work.attempts()).isEqualTo(2);
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }

    @Test
    void killDeletesThePodAndReturnsOnceItIsGone() throws Exception {
        Pipeline p = Pipeline.named("killed");
        p.step("wait").image(KubernetesRuns.IMAGE).command("sleep", "3600");
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            CompletableFuture<RunResult> run = k8s.start(p.build());
            Pod pod = k8s.awaitPod(run, "wait", 1);
            StepPod running = new StepPod(new Cluster(client, MockKubelet.NAMESPACE), pod, launchOf(pod),
                    KubernetesRuns.testSettings(), new PodLog(dir.resolve("kill.log"), line -> { },
                            dev.gantry.engine.spi.SecretMask.NONE), java.util.Optional.empty());

            running.kill();

            assertThat(client.pods().inNamespace(MockKubelet.NAMESPACE).withName(pod.getMetadata().getName()).get())
                    .isNull();
            assertThat(running.waitFor(java.util.Optional.of(Duration.ofSeconds(5)))).contains(137);
            assertThat(running.failureReason()).isEmpty();
            KubernetesRuns.await(run);
        }
    }

    @Test
    void openingTheExecutorDeletesThePodsOfAnEngineThatDiedHereAndKeepsTheOthers() throws Exception {
        long deadPid = deadPid();
        String host = dev.gantry.engine.spi.EngineHost.name();
        leftover("gantry-r1-dead-1", "r1", "dead", Map.of(PodLabels.HOST, host, PodLabels.PID, Long.toString(deadPid),
                PodLabels.STEP, "dead"));
        leftover("gantry-r1-alive-1", "r1", "alive", Map.of(PodLabels.HOST, host,
                PodLabels.PID, Long.toString(ProcessHandle.current().pid())));
        leftover("gantry-r1-elsewhere-1", "r1", "elsewhere", Map.of(PodLabels.HOST, "another-host",
                PodLabels.PID, Long.toString(deadPid)));
        leftover("gantry-r1-engine-pod-gone-1", "r1", "engine-pod-gone", Map.of(PodLabels.HOST, "gantry-7f9c-x2",
                PodLabels.PID, "1", PodLabels.ENGINE_POD, "gantry-7f9c-x2", PodLabels.ENGINE_NAMESPACE,
                MockKubelet.NAMESPACE));
        client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).resource(EgressPolicy.of(
                client.pods().inNamespace(MockKubelet.NAMESPACE).withName("gantry-r1-dead-1").get())).create();

        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            assertThat(k8s.executor().leftoversRemoved()).containsExactlyInAnyOrder(
                    "run r1, step dead, attempt 1 (pod gantry-r1-dead-1)",
                    "run r1, step engine-pod-gone, attempt 1 (pod gantry-r1-engine-pod-gone-1)");
            assertThat(k8s.kubelet.pods()).extracting(pod -> pod.getMetadata().getName())
                    .containsExactlyInAnyOrder("gantry-r1-alive-1", "gantry-r1-elsewhere-1");
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .isEmpty();
        }
    }

    @Test
    void anInputOffTheClaimFailsTheStepSayingWhere() throws Exception {
        Path outside = dir.resolve("elsewhere/raw.csv");
        Files.createDirectories(outside.getParent());
        Files.writeString(outside, "a,b\n");
        Pipeline p = Pipeline.named("off-claim");
        p.step("read").image(KubernetesRuns.IMAGE).command("cat", "${inputs.raw}").inputFile("raw", outside.toString())
                .output("copy", ArtifactType.FILE);
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            StepResult read = k8s.run(p.build()).step("read").orElseThrow();

            assertThat(read.status()).isEqualTo(StepStatus.FAILED);
            assertThat(read.failure().orElseThrow().kind()).isEqualTo(FailureKind.COULD_NOT_START);
            assertThat(read.message()).contains("step 'read': input 'raw' is at " + outside + ", which is not under "
                    + k8s.mountPath + ", where the claim 'gantry-store' is mounted, so no pod can see it: keep the"
                    + " store (and the step's files) under " + k8s.mountPath);
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }

    @Test
    void aVolumeOfTheStoreOnTheClaimIsRefusedUnlessTheStepAllowsIt() throws Exception {
        Files.createDirectories(dir.resolve("claim/store/objects"));
        Pipeline p = Pipeline.named("tamper");
        p.step("tamper").image(KubernetesRuns.IMAGE).command("true").volume("claim/store/objects", "/objects", false);
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir)) {
            StepResult tamper = k8s.run(p.build()).step("tamper").orElseThrow();

            assertThat(tamper.status()).isEqualTo(StepStatus.FAILED);
            assertThat(tamper.message()).contains("step 'tamper' mounts host path 'claim/store/objects' at '/objects',"
                    + " a path in the Gantry store " + k8s.mountPath.resolve("store") + ", where every cached result"
                    + " is kept; to allow it, add 'mount-store' to the step's 'unsafe' list");
            assertThat(k8s.kubelet.pods()).isEmpty();
        }
    }

    private void leftover(String name, String run, String step, Map<String, String> annotations) {
        client.pods().inNamespace(MockKubelet.NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of(PodLabels.MANAGED_BY, PodLabels.GANTRY, PodLabels.RUN, run, PodLabels.STEP, step,
                        PodLabels.ATTEMPT, "1", PodLabels.POD, name))
                .withAnnotations(annotations).endMetadata().withNewSpec().addNewContainer().withName("step")
                .withImage(KubernetesRuns.IMAGE).endContainer().endSpec().build()).create();
    }

    /** A process id no process has: one of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private dev.gantry.engine.spi.StepLaunch launchOf(Pod pod) {
        Pipeline p = Pipeline.named("killed");
        p.step("wait").image(KubernetesRuns.IMAGE).command("sleep", "3600");
        var step = p.build().steps().get("wait");
        return new dev.gantry.engine.spi.StepLaunch("r", step, step.resources(), 1, step.command(), Map.of(), dir,
                Map.of(), Map.of(), java.util.List.of(), dir.resolve("kill.log"), line -> { },
                dev.gantry.engine.spi.StepSecrets.NONE, null);
    }
}

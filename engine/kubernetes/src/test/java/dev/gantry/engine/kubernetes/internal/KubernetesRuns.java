package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.internal.run.RunEngine;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.PipelineSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs pipelines through the real engine with the Kubernetes executor, against the mock API
 * server: the claim is {@code DIR/claim}, mounted "here" at that path, and the store is
 * {@code DIR/claim/store} on it. Runs go on in the background while the test plays the kubelet.
 */
final class KubernetesRuns implements AutoCloseable {
    static final String CLAIM = "gantry-store";
    /** An image pinned by digest, which needs no registry. */
    static final String IMAGE = "registry.example/gantry/step@sha256:" + "ab".repeat(32);
    final Path mountPath;
    final MockKubelet kubelet;
    final List<String> notices = new CopyOnWriteArrayList<>();
    private final RunStore store;
    private final KubernetesExecutor executor;
    private final RunEngine engine;
    private final Path baseDir;

    KubernetesRuns(KubernetesClient client, Path dir, KubernetesSettings settings) {
        this.mountPath = dir.resolve("claim");
        this.store = RunStore.open(new StoreLayout(mountPath.resolve("store")));
        this.executor = new KubernetesExecutor(new Cluster(client, MockKubelet.NAMESPACE),
                settings.withClaim(CLAIM, mountPath), notices::add);
        this.engine = new RunEngine(store, executor);
        this.baseDir = dir;
        this.kubelet = new MockKubelet(client, mountPath);
    }

    KubernetesRuns(KubernetesClient client, Path dir) {
        this(client, dir, testSettings());
    }

    /** The defaults, with a status read every 20 ms so tests go quickly. */
    static KubernetesSettings testSettings() {
        return KubernetesSettings.defaults().withPollInterval(Duration.ofMillis(20))
                .withDeleteWait(Duration.ofSeconds(5)).withRegistryTimeout(Duration.ofSeconds(2));
    }

    CompletableFuture<RunResult> start(PipelineSpec spec) {
        return CompletableFuture.supplyAsync(() -> engine.run(spec, RunOptions.defaults().withBaseDir(baseDir)));
    }

    RunResult run(PipelineSpec spec) {
        return engine.run(spec, RunOptions.defaults().withBaseDir(baseDir));
    }

    /** The pod of {@code step}'s attempt in {@code run}, once it is made. */
    Pod awaitPod(CompletableFuture<RunResult> run, String step, int attempt) {
        return kubelet.awaitPod(step, attempt, () -> run.isDone() ? Optional.of(describe(run.join())) : Optional.empty());
    }

    /** Each step's status and message, for an assertion's words. */
    static String describe(RunResult result) {
        return result.status() + " " + result.steps().stream().map(s -> s.name() + ": " + s.status()
                + s.message().map(m -> " (" + m + ")").orElse("")).toList();
    }

    static RunResult await(CompletableFuture<RunResult> run) throws Exception {
        return run.get(30, TimeUnit.SECONDS);
    }

    RunEngine engine() {
        return engine;
    }

    KubernetesExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.close();
        store.close();
    }
}

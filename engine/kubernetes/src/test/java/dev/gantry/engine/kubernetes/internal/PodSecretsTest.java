package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.SecretSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's secret whose Kubernetes Secret is not mapped, missing or without the key fails before any pod. */
@EnableKubernetesMockClient(crud = true)
class PodSecretsTest {
    KubernetesClient client;
    @TempDir
    Path dir;

    @BeforeEach
    void secretSource() throws Exception {
        Files.writeString(dir.resolve("token.txt"), "t0ken\n");
        client.secrets().inNamespace(MockKubelet.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("hub").endMetadata().withStringData(Map.of("user", "me", "url", "https://hub")).build())
                .create();
    }

    @Test
    void aSecretWithNoKubernetesSecretMappedSaysHowToMapIt() throws Exception {
        StepResult fetch = run(Map.of());

        assertThat(fetch.message()).contains("step 'fetch': secret HF_TOKEN has no Kubernetes Secret to come from:"
                + " map it in gantry.yaml, executors: {kubernetes: {secrets: {HF_TOKEN: {secret: SECRET, key: KEY}}}}");
    }

    @Test
    void aSecretMappedToAKubernetesSecretThatDoesNotExistSaysWhich() throws Exception {
        StepResult fetch = run(Map.of("HF_TOKEN", new KubernetesSettings.SecretRef("hugging-face", "token")));

        assertThat(fetch.message()).contains("step 'fetch': secret HF_TOKEN comes from Kubernetes Secret"
                + " 'hugging-face', which does not exist in namespace 'gantry-test'");
    }

    @Test
    void aSecretMappedToAKeyTheSecretLacksNamesTheKeysItHas() throws Exception {
        StepResult fetch = run(Map.of("HF_TOKEN", new KubernetesSettings.SecretRef("hub", "token")));

        assertThat(fetch.message()).contains("step 'fetch': secret HF_TOKEN comes from Kubernetes Secret 'hub',"
                + " which has no key 'token' (it has url, user)");
    }

    private StepResult run(Map<String, KubernetesSettings.SecretRef> refs) {
        Pipeline p = Pipeline.named("secrets");
        p.step("fetch").image(KubernetesRuns.IMAGE).command("fetch")
                .secret("HF_TOKEN", SecretSpec.fromFile("token.txt").asFile());
        try (KubernetesRuns k8s = new KubernetesRuns(client, dir, KubernetesRuns.testSettings().withSecrets(refs))) {
            StepResult fetch = k8s.run(p.build()).step("fetch").orElseThrow();
            assertThat(fetch.status()).isEqualTo(StepStatus.FAILED);
            assertThat(fetch.failure().orElseThrow().kind()).isEqualTo(FailureKind.COULD_NOT_START);
            assertThat(k8s.kubelet.pods()).isEmpty();
            assertThat(client.network().v1().networkPolicies().inNamespace(MockKubelet.NAMESPACE).list().getItems())
                    .isEmpty();
            return fetch;
        }
    }
}

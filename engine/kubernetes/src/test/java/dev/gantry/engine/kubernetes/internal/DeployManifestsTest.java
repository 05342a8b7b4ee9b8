package dev.gantry.engine.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.settings.SettingsFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code deploy/}: each is accepted by the (mock) API server, the role allows
 * what the executor does, and the engine's settings and mounts agree with one another.
 */
@EnableKubernetesMockClient(crud = true)
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");
    KubernetesClient client;

    @Test
    void theRoleAllowsWhatTheExecutorDoesAndIsBoundToTheEnginesServiceAccount() throws Exception {
        List<HasMetadata> rbac = apply("rbac.yaml");
        Role role = (Role) rbac.stream().filter(Role.class::isInstance).findFirst().orElseThrow();
        RoleBinding binding = (RoleBinding) rbac.stream().filter(RoleBinding.class::isInstance).findFirst().orElseThrow();

        assertThat(verbs(role, "", "pods")).containsExactlyInAnyOrder("get", "list", "create", "delete");
        assertThat(verbs(role, "", "pods/log")).containsExactly("get");
        assertThat(verbs(role, "networking.k8s.io", "networkpolicies"))
                .containsExactlyInAnyOrder("get", "list", "create", "delete");
        assertThat(verbs(role, "", "secrets")).containsExactly("get");
        assertThat(verbs(role, "", "events")).containsExactly("list");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("gantry");
        });
    }

    @Test
    void theEngineMountsTheClaimWhereItsSettingsSayAndRunsAsTheServiceAccount() throws Exception {
        PersistentVolumeClaim claim = (PersistentVolumeClaim) apply("store.yaml").get(0);
        List<HasMetadata> engine = apply("engine.yaml");
        ConfigMap settings = (ConfigMap) engine.stream().filter(ConfigMap.class::isInstance).findFirst().orElseThrow();
        Deployment deployment = (Deployment) engine.stream().filter(Deployment.class::isInstance).findFirst()
                .orElseThrow();

        KubernetesSettings k8s = SettingsReader.executor(SettingsFile.parse(settings.getData().get("gantry.yaml"),
                DEPLOY.resolve("engine.yaml")).executor("kubernetes"));
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(k8s.claim()).contains(claim.getMetadata().getName());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("gantry");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName()));
        List<VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts();
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("store");
            assertThat(Path.of(m.getMountPath())).isEqualTo(k8s.mountPath().orElseThrow());
        });
        assertThat(mounts).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(k8s.mountPath().orElseThrow()
                .resolve(SettingsFile.NAME).toString()));
        assertThat(pod.getContainers().get(0).getArgs())
                .containsSubsequence("--store", k8s.mountPath().orElseThrow().resolve("store").toString());
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(k8s.uid());
        assertThat(pod.getContainers().get(0).getEnv()).extracting(e -> e.getName() + "="
                + e.getValueFrom().getFieldRef().getFieldPath())
                .containsExactly("GANTRY_POD_NAME=metadata.name", "GANTRY_POD_NAMESPACE=metadata.namespace");
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("COPY gantry.jar /opt/gantry/gantry.jar");
    }

    /** Creates every object of a manifest in the mock API server, and returns them as it answered. */
    private List<HasMetadata> apply(String file) throws Exception {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
            return client.load(in).inNamespace("gantry").create();
        }
    }

    private static List<String> verbs(Role role, String group, String resource) {
        return role.getRules().stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .map(PolicyRule::getVerbs).findFirst().orElse(List.of());
    }

}

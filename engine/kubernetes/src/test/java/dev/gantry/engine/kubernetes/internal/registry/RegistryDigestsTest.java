package dev.gantry.engine.kubernetes.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Digests asked of a real registry (Debian's docker-registry), into which each test pushes an
 * image of its own over the registry's API, so the digest to expect is the SHA-256 of the bytes
 * pushed.
 */
@ExtendWith(LocalRegistry.class)
class RegistryDigestsTest {
    private static final String OCI_MANIFEST = TestRegistry.OCI_MANIFEST;
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private final TestRegistry pushed = new TestRegistry();
    private final RegistryDigests registry = new RegistryDigests(Duration.ofSeconds(5));
    private final String repository = "gantry-test/digests-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTagIsResolvedToTheDigestOfTheManifestItPointsAt() throws Exception {
        String manifest = pushImage("one", "1");

        assertThat(registry.digestOf(ImageReference.parse(LocalRegistry.ADDRESS + "/" + repository + ":1")))
                .isEqualTo(digest(manifest));
    }

    @Test
    void aTagOfAnIndexIsResolvedToTheIndexNotToOneOfItsManifests() throws Exception {
        String manifest = pushImage("two", "single");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + digest(manifest) + "\",\"size\":" + manifest.length()
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        put("/manifests/multi", OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));

        assertThat(registry.digestOf(ImageReference.parse(LocalRegistry.ADDRESS + "/" + repository + ":multi")))
                .isEqualTo(digest(index))
                .isNotEqualTo(digest(manifest));
    }

    @Test
    void aTagMovedToAnotherImageResolvesToTheNewDigest() throws Exception {
        pushImage("before", "moving");
        String after = pushImage("after", "moving");

        assertThat(registry.digestOf(ImageReference.parse(LocalRegistry.ADDRESS + "/" + repository + ":moving")))
                .isEqualTo(digest(after));
    }

    @Test
    void aTagThatDoesNotExistIsSaidToBeMissing() throws Exception {
        pushImage("three", "1");

        assertThatThrownBy(() -> registry.digestOf(ImageReference.parse(LocalRegistry.ADDRESS + "/" + repository
                + ":2")))
                .isInstanceOf(RegistryDigests.NoSuchImageException.class)
                .hasMessage(LocalRegistry.ADDRESS + "/" + repository + ":2 does not exist: " + LocalRegistry.ADDRESS
                        + " answered 404 for /v2/" + repository + "/manifests/2");
    }

    @Test
    void aRegistryThatDoesNotAnswerIsNamed() {
        assertThatThrownBy(() -> registry.digestOf(ImageReference.parse("localhost:1/gantry/none:1")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(RegistryDigests.NoSuchImageException.class)
                .hasMessageStartingWith("cannot reach localhost: ");
    }

    private String pushImage(String content, String tag) throws Exception {
        return pushed.image(repository, content, tag);
    }

    private void put(String path, String type, byte[] body) throws Exception {
        pushed.put(repository, path, type, body);
    }

    private static String digest(String text) {
        return TestRegistry.digest(text);
    }
}

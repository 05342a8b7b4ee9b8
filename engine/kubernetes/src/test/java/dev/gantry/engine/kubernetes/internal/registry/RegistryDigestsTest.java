package dev.gantry.engine.kubernetes.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
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
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private final HttpClient http = HttpClient.newHttpClient();
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

    /** Pushes a one-layer image whose layer holds {@code content}, tagged {@code tag}; returns its manifest. */
    private String pushImage(String content, String tag) throws Exception {
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        pushBlob(layer);
        pushBlob(config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + digest(layer) + "\",\"size\":" + layer.length + "}]}";
        put("/manifests/" + tag, OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        return manifest;
    }

    private void pushBlob(byte[] blob) throws Exception {
        HttpResponse<Void> start = http.send(HttpRequest.newBuilder(uri("/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(start.statusCode()).isEqualTo(202);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create("http://" + LocalRegistry.ADDRESS).resolve(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest="
                + digest(blob))).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
    }

    private void put(String path, String type, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private URI uri(String path) {
        return URI.create("http://" + LocalRegistry.ADDRESS + "/v2/" + repository + path);
    }

    private static String digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

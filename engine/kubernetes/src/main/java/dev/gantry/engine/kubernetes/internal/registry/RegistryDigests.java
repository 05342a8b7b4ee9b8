package dev.gantry.engine.kubernetes.internal.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the digest a tag points at, as a registry's HTTP API v2 says it: a {@code HEAD} of the
 * tag's manifest, accepting an image index, a manifest list and single manifests, answers with
 * the {@code Docker-Content-Digest} header. A registry that asks for a token
 * ({@code WWW-Authenticate: Bearer realm=...}) is asked for an anonymous one first. A registry on
 * this machine ({@code localhost:5000}) is spoken to over plain HTTP, every other over HTTPS.
 */
public final class RegistryDigests {
    /** What the manifest request accepts: whichever kind the tag points at, its digest is the one a pull gets. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    private static final Pattern TOKEN = Pattern.compile("\"(?:token|access_token)\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout how long each request may take */
    public RegistryDigests(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The digest ({@code sha256:...}) that {@code image}'s tag points at now.
     *
     * @throws NoSuchImageException when the registry answers that the tag does not exist
     * @throws IOException when the registry cannot be reached or will not say
     */
    public String digestOf(ImageReference image) throws IOException {
        URI manifest = URI.create((image.isLoopback() ? "http://" : "https://") + image.apiHost() + "/v2/"
                + image.repository() + "/manifests/" + image.tag());
        HttpResponse<Void> response = head(manifest, Optional.empty());
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow(() -> new IOException(
                    manifest + " answered 401 without saying how to authenticate"));
            response = head(manifest, Optional.of(anonymousToken(challenge, image)));
        }
        if (response.statusCode() == 404) {
            throw new NoSuchImageException(image + " does not exist: " + image.apiHost() + " answered 404 for "
                    + manifest.getPath());
        }
        if (response.statusCode() != 200) {
            throw new IOException(image.apiHost() + " answered " + response.statusCode() + " for " + manifest.getPath());
        }
        return response.headers().firstValue("Docker-Content-Digest")
                .filter(d -> d.startsWith("sha256:"))
                .orElseThrow(() -> new IOException(image.apiHost() + " gave no sha256 Docker-Content-Digest for "
                        + manifest.getPath()));
    }

    private HttpResponse<Void> head(URI uri, Optional<String> token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", ACCEPT);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A token for pulling, from the realm a {@code Bearer} challenge names, asked for without credentials. */
    private String anonymousToken(String challenge, ImageReference image) throws IOException {
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new IOException(image.apiHost() + " asks for " + challenge.split(" ", 2)[0]
                    + " authentication, and only anonymous tokens are asked for");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher m = PARAMETER.matcher(challenge);
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = Optional.ofNullable(parameters.get("realm")).orElseThrow(() -> new IOException(
                image.apiHost() + " asks for a token but names no realm: " + challenge));
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8));
        }
        String scope = parameters.getOrDefault("scope", "repository:" + image.repository() + ":pull");
        query.append(query.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri.getHost() + " answered " + response.statusCode() + " when asked for an anonymous"
                    + " token to pull " + image.repository());
        }
        Matcher token = TOKEN.matcher(response.body());
        if (!token.find()) {
            throw new IOException(uri.getHost() + " gave no token to pull " + image.repository());
        }
        return token.group(1).replace("\\/", "/");
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + request.uri().getHost(), e);
        } catch (IOException e) {
            throw new IOException("cannot reach " + request.uri().getHost() + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A registry's answer that the tag does not exist. */
    public static final class NoSuchImageException extends IOException {
        private static final long serialVersionUID = 1L;

        NoSuchImageException(String message) {
            super(message);
        }
    }
}

package dev.gantry.engine.kubernetes.internal.registry;

import dev.gantry.engine.RequiredService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A real container registry without logins, at {@code localhost:5000} or where
 * {@code GANTRY_TEST_REGISTRY} says ({@code host:port}): the tests push manifests to it and ask
 * for their digests back.
 */
public final class LocalRegistry extends RequiredService {
    public static final String ADDRESS = Optional.ofNullable(System.getenv("GANTRY_TEST_REGISTRY")).orElse("localhost:5000");

    public LocalRegistry() {
        super("registry tests", "start one: apt-get install docker-registry; docker-registry serve .ci/registry.yml",
                ".ci/run installs Debian's docker-registry and serves .ci/registry.yml on localhost:5000");
    }

    @Override
    protected Optional<String> problem() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + ADDRESS + "/v2/")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Optional.empty()
                    : Optional.of("the registry at " + ADDRESS + " answered " + r.statusCode() + " to /v2/ (it asks"
                            + " for a login; serve .ci/registry.yml instead)");
        } catch (IOException e) {
            return Optional.of("no registry answers at " + ADDRESS + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}

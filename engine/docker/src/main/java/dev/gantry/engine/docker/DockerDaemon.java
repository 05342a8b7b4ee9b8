package dev.gantry.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.gantry.engine.spi.ExecutorUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the Docker daemon that {@code DOCKER_HOST} (or the Docker context) names,
 * else the default socket, checked with a ping before it is handed out.
 */
final class DockerDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerDaemon.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    /** How long the daemon may take to ask a registry whether it has an image. */
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(20);

    final DockerClient client;
    final URI host;
    private final DockerHttpClient http;

    private DockerDaemon(DockerClient client, DockerHttpClient http, URI host) {
        this.client = client;
        this.http = http;
        this.host = host;
    }

    /**
     * Whether the registry of image {@code name} has it, as the daemon sees it (with its
     * credentials and mirrors), without pulling it: Docker's distribution endpoint, which
     * docker-java does not wrap. False when the registry says no or cannot be reached in time.
     */
    boolean registryHas(String name) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/distribution/" + name + "/json")
                .build();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (DockerHttpClient.Response response = http.execute(request)) {
                    return response.getStatusCode() == 200;
                }
            }).get(REGISTRY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("cannot learn whether the registry of {} has it: {}", name, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Connects and pings.
     *
     * @throws ExecutorUnavailableException saying what to check when the daemon does not answer
     */
    static DockerDaemon connect() {
        DefaultDockerClientConfig config;
        try {
            config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        } catch (RuntimeException e) {
            throw new ExecutorUnavailableException("cannot read the Docker client settings (DOCKER_HOST, "
                    + "~/.docker/config.json): " + e.getMessage(), "the Docker client settings are invalid", e);
        }
        URI host = config.getDockerHost();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            long started = System.nanoTime();
            CompletableFuture.runAsync(() -> client.pingCmd().exec()).get(PING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.debug("the Docker daemon at {} answered in {} ms", host, (System.nanoTime() - started) / 1_000_000);
            return new DockerDaemon(client, http, host);
        } catch (ExecutionException e) {
            close(client);
            throw unreachable(host, rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            close(client);
            throw unreachable(host, "no answer in " + PING_TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            close(client);
            Thread.currentThread().interrupt();
            throw unreachable(host, "interrupted", e);
        }
    }

    /** The one message for a daemon that does not answer, with what to check. */
    static ExecutorUnavailableException unreachable(URI host, String why, Throwable cause) {
        return new ExecutorUnavailableException("cannot reach the Docker daemon at " + host + " (" + why + "). "
                + "Check that Docker is running ('docker info' answers), that DOCKER_HOST names the daemon if it "
                + "is not the default, and that this user may use it (on Linux, the docker group); "
                + "or run the steps as local processes with --executor local",
                "no Docker daemon answers at " + host + " (" + why + ")", cause);
    }

    /** The innermost cause's message: the one that says what went wrong, like "Connection refused". */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
    }

    private static void close(DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing was open that matters.
            LOG.debug("cannot close the Docker client: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(client);
    }
}

package dev.gantry.steps.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves a registered version behind the front proxy, replacing the version served before without
 * a gap: the new backend is started on a free port and checked healthy, {@code current.json} is
 * switched to it in one rename (from then on the proxy forwards to it), the proxy is started if it
 * is not running, the switch is checked through the proxy, and only then, after a short drain,
 * is the old backend stopped.
 */
final class Serving {
    private final ModelRegistry registry;
    private final ServingState state;
    private final String host;
    private final ServerLaunch launch;
    private final Duration timeout;
    private final Duration drain;
    private final Consumer<String> log;

    Serving(ModelRegistry registry, String host, ServerLaunch launch, Duration timeout, Duration drain,
            Consumer<String> log) {
        this.registry = registry;
        this.state = new ServingState(registry.servingFolder());
        this.host = host;
        this.launch = launch;
        this.timeout = timeout;
        this.drain = drain;
        this.log = log;
    }

    /** Serves the version; returns the proxy's URL. Call with the registry lock held. */
    String serve(String name, String version, int proxyPort) throws IOException {
        Files.createDirectories(state.folder());
        Optional<ServingState.Endpoint> old = state.current();
        Optional<ServingState.Endpoint> proxyNow = state.proxy().filter(this::answersAsProxy);
        if (old.filter(o -> o.version().equals(version) && ServerProcess.isAlive(o.pid()) && answers(o)).isPresent()
                && proxyNow.filter(p -> port(p, proxyPort)).isPresent()) {
            log.accept("deploy: " + version + " is already being served at " + proxyNow.get().url());
            return proxyNow.get().url();
        }
        ServingState.Endpoint fresh = ServerProcess.start(List.of("serve", "--registry", registry.modelFolder()
                .getParent().toString(), "--name", name, "--model-version", version, "--host", host, "--port", "0"),
                launch, state.folder().resolve("backend-" + version + ".ready.json"),
                state.folder().resolve("backend-" + version + ".log"), timeout, "the model server of " + version);
        log.accept("deploy: " + version + " is healthy at " + fresh.url());
        ServingState.write(state.currentFile(), fresh);
        ServingState.Endpoint proxy = ensureProxy(proxyPort);
        String url = proxy.url();
        waitUntilProxyServes(url, version);
        if (old.isPresent() && old.get().pid() != fresh.pid()) {
            sleep(drain);
            ServerProcess.stop(old.get().pid(), Duration.ofSeconds(5));
            log.accept("deploy: stopped " + old.get().version() + " (pid " + old.get().pid() + ")");
        }
        return url;
    }

    /**
     * Why the front proxy cannot take {@code port}: another program listens on it. Empty when
     * it is free, is this registry's own proxy (which a redeploy keeps), or is 0 (any free port).
     */
    Optional<String> portTaken(int port) {
        if (port == 0 || state.proxy().filter(this::answersAsProxy).filter(p -> p.port() == port).isPresent()) {
            return Optional.empty();
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " on " + host + " is already in use by another program ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * Starts a server for the version, checks that its {@code /health} answers with that version,
     * and stops it again, for where a server cannot outlive the step; the serving state is left
     * as it was.
     */
    void check(String name, String version) throws IOException {
        Path scratch = Files.createTempDirectory("gantry-serve-check-");
        try {
            ServingState.Endpoint server = ServerProcess.start(List.of("serve", "--registry", registry.modelFolder()
                    .getParent().toString(), "--name", name, "--model-version", version, "--host", host, "--port",
                    "0"), launch, scratch.resolve("ready.json"), scratch.resolve("server.log"), timeout,
                    "the model server of " + version);
            try {
                if (Http.getField(server.url() + "/health", "version", launch.token()).filter(version::equals).isEmpty()) {
                    throw new ServingException("the model server of " + version + " at " + server.url()
                            + " does not answer /health with its version");
                }
                log.accept("deploy: " + version + " answered /health at " + server.url());
            } finally {
                ServerProcess.stop(server.pid(), Duration.ofSeconds(5));
            }
        } finally {
            try (var files = Files.list(scratch)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }

    /** Stops the proxy and the backend and forgets them; registered versions stay. */
    void stop() throws IOException {
        state.proxy().ifPresent(p -> ServerProcess.stop(p.pid(), Duration.ofSeconds(5)));
        state.current().ifPresent(c -> ServerProcess.stop(c.pid(), Duration.ofSeconds(5)));
        Files.deleteIfExists(state.proxyFile());
        Files.deleteIfExists(state.currentFile());
    }

    private ServingState.Endpoint ensureProxy(int port) throws IOException {
        Optional<ServingState.Endpoint> running = state.proxy().filter(p -> ServerProcess.isAlive(p.pid()));
        if (running.isPresent() && answersStatus(running.get()) && port(running.get(), port)) {
            return running.get();
        }
        if (running.isPresent()) {
            // A proxy that does not answer this deploy (another token, or stuck) is replaced too.
            log.accept("deploy: replacing the proxy on port " + running.get().port() + " with one on port " + port);
            ServerProcess.stop(running.get().pid(), Duration.ofSeconds(5));
        }
        ServingState.Endpoint proxy = ServerProcess.start(List.of("proxy", "--serving-dir", state.folder().toString(),
                "--host", host, "--port", Integer.toString(port)), launch, state.folder().resolve("proxy.ready.json"),
                state.folder().resolve("proxy.log"), timeout, "the front proxy");
        ServingState.write(state.proxyFile(), proxy);
        log.accept("deploy: started the front proxy at " + proxy.url() + " (pid " + proxy.pid() + ")");
        return proxy;
    }

    private static boolean port(ServingState.Endpoint proxy, int wanted) {
        return wanted == 0 || proxy.port() == wanted;
    }

    /** Returns whether the proxy is alive and answers its status to this deploy's token. */
    private boolean answersAsProxy(ServingState.Endpoint proxy) {
        return ServerProcess.isAlive(proxy.pid()) && answersStatus(proxy);
    }

    private boolean answersStatus(ServingState.Endpoint proxy) {
        return Http.getField(proxy.url() + "/proxy/status", "proxy", launch.token()).filter("gantry"::equals).isPresent();
    }

    /** Returns whether a backend answers its health, with its version, to this deploy's token. */
    private boolean answers(ServingState.Endpoint backend) {
        return Http.getField(backend.url() + "/health", "version", launch.token()).filter(backend.version()::equals)
                .isPresent();
    }

    private void waitUntilProxyServes(String url, String version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Http.getField(url + "/health", "version", launch.token()).filter(version::equals).isPresent()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new ServingException("the front proxy at " + url + " did not serve " + version + " within "
                + timeout.toSeconds() + " s; see the logs in " + state.folder());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

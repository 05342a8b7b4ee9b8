package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Digests;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.train.TrainedModel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code deploy} step: quality gate, registration with a model card, and zero-gap serving. */
public final class DeployStep implements Step {
    static final Flag<Path> MODEL = Flag.input("model", "The model directory the train step wrote.");
    static final Flag<Path> TRANSFORM = Flag.input("transform",
            "Optional: the feature transform, applied to each row the server receives.");
    static final Flag<Path> METRICS = Flag.input("metrics", "The evaluation metrics the gate reads and the card shows.");
    static final Flag<Path> REGISTRY = Flag.path("registry", "The model registry directory (created if missing).");
    static final Flag<String> NAME = Flag.string("name", "The model's name in the registry.").withDefault("model")
            .require(n -> n.matches("[a-z0-9][a-z0-9_-]*"), "lower-case letters, digits, '-' and '_'");
    static final Flag<List<String>> GATE = Flag.repeated("gate",
            "A condition the metrics must meet, such as accuracy>=0.93 or log_loss<0.3.", "METRIC>=VALUE");
    static final Flag<List<String>> DATA = Flag.list("data",
            "Files or directories whose digests the card records, such as the train and test tables.")
            .withLabel("PATH,...");
    static final Flag<String> IMAGE = Flag.string("image",
            "The step image, for the card. Default: GANTRY_IMAGE, else 'local'.");
    static final Flag<Boolean> SERVE = Flag.bool("serve", "Serve the version (--serve=false only registers it).")
            .withDefault(true);
    static final Flag<String> HOST = Flag.string("host", "The address the servers listen on.").withDefault("127.0.0.1");
    static final Flag<Integer> PORT = Flag.integer("port", "The front proxy's port; 0 picks a free one.")
            .withDefault(8080).require(n -> n >= 0 && n <= 65535, "between 0 and 65535");
    static final Flag<Integer> HEALTH_TIMEOUT = Flag.integer("health-timeout",
            "Seconds a new server has to become healthy.").withDefault(60).require(n -> n >= 1, "at least 1");
    static final Flag<Integer> DRAIN_MS = Flag.integer("drain-ms",
            "Milliseconds the old server keeps running after the switch, for requests in flight.")
            .withDefault(1000).require(n -> n >= 0, "at least 0");
    static final Flag<Path> OUT = Flag.output("out", "Optional: the deployment as JSON (name, version, url, card).");

    /** Why deploy does not serve under the Docker executor, for the log and the deployment file. */
    static final String IN_CONTAINER = "the step runs in a container (GANTRY_EXECUTOR=docker), which stops a server"
            + " it starts when the step ends";

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public String summary() {
        return "Gates a model on its metrics, registers it with a model card, and serves it behind a stable proxy.";
    }

    @Override
    public String description() {
        return "Checks the metrics against every --gate and fails, registering nothing, if one does not hold. "
                + "Otherwise registers the model as the next version REGISTRY/NAME/vN (model, transform, metrics, "
                + "card.json and card.md: metrics, digests, run id, params, image), unless it is identical to the "
                + "latest version. Then it serves the version: a new prediction server is started and checked "
                + "healthy, the front proxy on --port is switched to it, and the old server is stopped; /health "
                + "never fails during the switch. The servers outlive the step; 'undeploy' stops them. They take the "
                + "token (--token or GANTRY_SERVE_TOKEN), body limit and read timeout given here. In a step's "
                + "container (GANTRY_EXECUTOR=docker), where nothing outlives the step, it starts a server for the "
                + "version, checks that it answers, stops it, and says how to serve the version from the host.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(MODEL, TRANSFORM, METRICS, REGISTRY, NAME, GATE, DATA, IMAGE, SERVE, HOST, PORT, ServerSteps.TOKEN,
                ServerSteps.ALLOW_UNAUTHENTICATED, ServerSteps.MAX_BODY_BYTES, ServerSteps.READ_TIMEOUT_MS, HEALTH_TIMEOUT,
                DRAIN_MS, OUT);
    }

    @Override
    @SuppressWarnings("try") // The lock is held for the block and released by closing it.
    public void run(StepContext context) throws IOException {
        Path modelDir = context.input(MODEL);
        TrainedModel model = TrainedModel.load(modelDir);
        Optional<Path> transform = context.optionalInput(TRANSFORM);
        Path metricsFile = context.input(METRICS);
        Map<String, Double> metrics = Metrics.read(metricsFile);
        List<QualityGate> gates = new ArrayList<>();
        context.get(GATE).forEach(text -> gates.add(QualityGate.parse(text)));
        List<String> passed = QualityGate.check(gates, metrics, metricsFile);
        // A host the servers may not listen on is refused before anything is registered.
        Optional<ServerLaunch> launch = context.get(SERVE)
                ? Optional.of(ServerLaunch.of(context, context.get(HOST)))
                : Optional.empty();
        String name = context.get(NAME);
        ModelRegistry registry = new ModelRegistry(context.get(REGISTRY), name);
        Map<String, Object> deployment = new LinkedHashMap<>();
        Optional<Serving> serving = launch.map(l -> new Serving(registry, context.get(HOST), l,
                Duration.ofSeconds(context.get(HEALTH_TIMEOUT)), Duration.ofMillis(context.get(DRAIN_MS)), context::log));
        // A port that another program holds is refused before anything is registered.
        Optional<String> portTaken = serving.filter(s -> !inContainer(context)).flatMap(s -> s.portTaken(context.get(PORT)));
        if (portTaken.isPresent()) {
            throw new ServingException(portTaken.get() + ", so nothing was registered or served; choose a free port with "
                    + "--port (in a pipeline, its port parameter: --param port=N), or 0 for any free one");
        }
        try (FileChannel lock = registry.lock()) {
            String modelDigest = Digests.sha256(modelDir);
            String transformDigest = transform.map(Digests::sha256).orElse("");
            Optional<String> existing = registry.sameAsLatest(modelDigest, transformDigest);
            String version;
            if (existing.isPresent()) {
                version = existing.get();
                context.log("deploy: the model is identical to " + name + " " + version + ", which stays registered");
            } else {
                version = register(context, registry, model, modelDir, transform, metricsFile, metrics, passed,
                        modelDigest, transformDigest);
                context.log("deploy: registered " + name + " " + version + " in " + registry.version(version));
            }
            deployment.put("name", name);
            deployment.put("version", version);
            deployment.put("card", registry.version(version).resolve("card.json").toString());
            if (serving.isPresent()) {
                if (inContainer(context)) {
                    // Every process of a step's container stops when the step ends, and with no
                    // network nothing could reach it anyway: serving from here would be a pretence.
                    serving.get().check(name, version);
                    deployment.put("not_served", IN_CONTAINER);
                    context.log("deploy: " + name + " " + version + " is registered but not served, because " + IN_CONTAINER
                            + ". Serve it from the host: gantry-step serve --registry DIR --name " + name
                            + " --model-version " + version + " --port " + context.get(PORT) + ", where DIR is the"
                            + " host directory mounted at " + context.get(REGISTRY).toAbsolutePath()
                            + " (or run deploy with the local executor)");
                } else {
                    String url = serving.get().serve(name, version, context.get(PORT));
                    deployment.put("url", url);
                    context.log("deploy: " + name + " " + version + " is served at " + url + " (POST /predict, GET /health)");
                }
            }
        }
        if (context.find(OUT).isPresent()) {
            Json.write(context.output(OUT), deployment);
        }
    }

    private static String register(StepContext context, ModelRegistry registry, TrainedModel model, Path modelDir,
            Optional<Path> transform, Path metricsFile, Map<String, Double> metrics, List<String> passed,
            String modelDigest, String transformDigest) throws IOException {
        String version = registry.nextVersion();
        Path staging = registry.stage();
        try {
            ModelRegistry.copy(modelDir, staging.resolve("model"));
            if (transform.isPresent()) {
                ModelRegistry.copy(transform.get(), staging.resolve("transform.json"));
            }
            ModelRegistry.copy(metricsFile, staging.resolve("metrics.json"));
            Map<String, Object> digests = new LinkedHashMap<>();
            digests.put("model", modelDigest);
            if (transform.isPresent()) {
                digests.put("transform", transformDigest);
            }
            digests.put("metrics", Digests.sha256(metricsFile));
            digests.put("training_table", model.info().trainingDigest());
            Map<String, String> data = new TreeMap<>();
            for (String path : context.get(DATA)) {
                data.put(path, Digests.sha256(Path.of(path)));
            }
            digests.put("data", data);
            String image = context.find(IMAGE).or(() -> Optional.ofNullable(context.environment().get("GANTRY_IMAGE")))
                    .orElse("local");
            new ModelCard(registry.modelFolder().getFileName().toString(), version,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), context.runId(), context.stepName(),
                    image, model.info(), metrics, passed, params(context), digests).write(staging);
            registry.commit(staging, version);
            return version;
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    private static boolean inContainer(StepContext context) {
        return "docker".equals(context.environment().get("GANTRY_EXECUTOR"));
    }

    /** Returns the pipeline parameters the step can see, by their lower-case names, but for the secret token. */
    private static Map<String, String> params(StepContext context) {
        Map<String, String> params = new TreeMap<>();
        context.environment().forEach((key, value) -> {
            if (key.startsWith("GANTRY_PARAM_") && !key.equals(ServerSteps.TOKEN.environmentVariable())) {
                params.put(key.substring("GANTRY_PARAM_".length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return params;
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover staging folder is ignored by the registry and harmless.
        }
    }
}

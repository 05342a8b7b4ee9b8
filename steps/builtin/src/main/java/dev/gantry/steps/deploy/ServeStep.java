package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code serve} command: a prediction server for one registered model version, until stopped. */
public final class ServeStep implements Step {
    static final Flag<Path> REGISTRY = Flag.path("registry", "The model registry directory.");
    static final Flag<String> NAME = Flag.string("name", "The model's name in the registry.").withDefault("model");
    static final Flag<String> VERSION = Flag.string("model-version", "The version to serve, such as v3.")
            .withLabel("VERSION");
    static final Flag<Integer> PORT = Flag.integer("port", "The port; 0 picks a free one.").withDefault(0)
            .require(n -> n >= 0 && n <= 65535, "between 0 and 65535");

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "Serves one registered model version over HTTP (POST /predict, GET /health) until stopped.";
    }

    @Override
    public String description() {
        return "Serves one registered model version over HTTP until the process is stopped: POST /predict takes "
                + "{\"rows\": [{COLUMN: VALUE, ...}]} (raw columns; the version's feature transform is applied) and "
                + "answers {\"predictions\": [{\"label\", \"probabilities\"}]}; GET /health answers "
                + "{\"status\": \"ok\", \"version\"}. A body over --max-body-bytes gets 413, a request not sent within "
                + "--read-timeout-ms gets 408, and with a token (--token or GANTRY_SERVE_TOKEN) one without "
                + "'Authorization: Bearer TOKEN' gets 401. The deploy step starts these itself; run one by hand to try a "
                + "version.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(REGISTRY, NAME, VERSION, ServerSteps.HOST, PORT, ServerSteps.TOKEN, ServerSteps.ALLOW_UNAUTHENTICATED,
                ServerSteps.MAX_BODY_BYTES, ServerSteps.READ_TIMEOUT_MS, ServerSteps.READY_FILE);
    }

    @Override
    public void run(StepContext context) throws IOException {
        String host = context.get(ServerSteps.HOST);
        HttpOptions options = ServerSteps.options(context, host);
        ModelRegistry registry = new ModelRegistry(context.get(REGISTRY), context.get(NAME));
        String version = context.get(VERSION);
        Path folder = registry.version(version);
        if (!Files.isDirectory(folder)) {
            throw new ParamException("--model-version " + version + " is not registered: there is no " + folder);
        }
        Predictor predictor = Predictor.load(folder);
        PredictionServer server = PredictionServer.start(host, context.get(PORT), options, context.get(NAME), version,
                predictor, context::log);
        ServerSteps.runUntilStopped(context, server, new ServingState.Endpoint(version, context.get(ServerSteps.HOST),
                server.port(), ProcessHandle.current().pid()), "serve: " + context.get(NAME) + " " + version);
    }
}

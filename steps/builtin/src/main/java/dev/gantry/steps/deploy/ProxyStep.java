package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code proxy} command: the stable front of a served model, forwarding to its current version. */
public final class ProxyStep implements Step {
    static final Flag<Path> SERVING_DIR = Flag.path("serving-dir",
            "The model's serving folder, REGISTRY/NAME/serving, whose current.json names the backend.");
    static final Flag<Integer> PORT = Flag.integer("port", "The port; 0 picks a free one.").withDefault(8080)
            .require(n -> n >= 0 && n <= 65535, "between 0 and 65535");

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public String summary() {
        return "Forwards HTTP requests to the model version that current.json names, until stopped.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(SERVING_DIR, ServerSteps.HOST, PORT, ServerSteps.TOKEN, ServerSteps.ALLOW_UNAUTHENTICATED,
                ServerSteps.MAX_BODY_BYTES, ServerSteps.READ_TIMEOUT_MS, ServerSteps.READY_FILE);
    }

    @Override
    public void run(StepContext context) throws IOException {
        String host = context.get(ServerSteps.HOST);
        FrontProxy proxy = FrontProxy.start(host, context.get(PORT), ServerSteps.options(context, host),
                new ServingState(context.get(SERVING_DIR)), context::log);
        ServerSteps.runUntilStopped(context, proxy, new ServingState.Endpoint("proxy", context.get(ServerSteps.HOST),
                proxy.port(), ProcessHandle.current().pid()), "proxy:");
    }
}

package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;

/** The {@code undeploy} command: stops a model's proxy and server; its registered versions stay. */
public final class UndeployStep implements Step {
    @Override
    public String name() {
        return "undeploy";
    }

    @Override
    public String summary() {
        return "Stops the front proxy and the server of a deployed model; its registered versions stay.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(ServeStep.REGISTRY, ServeStep.NAME);
    }

    @Override
    @SuppressWarnings("try") // The lock is held for the block and released by closing it.
    public void run(StepContext context) throws IOException {
        ModelRegistry registry = new ModelRegistry(context.get(ServeStep.REGISTRY), context.get(ServeStep.NAME));
        try (FileChannel lock = registry.lock()) {
            new Serving(registry, "127.0.0.1", ServerLaunch.none(), java.time.Duration.ofSeconds(5), java.time.Duration.ZERO,
                    context::log).stop();
        }
        context.log("undeploy: stopped serving " + context.get(ServeStep.NAME));
    }
}

package dev.gantry.engine.internal.local;

import dev.gantry.engine.spi.AutoRule;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.StepExecutor;

/**
 * The local executor: every step a host process. It suits every pipeline and needs nothing to
 * open, so {@code auto} falls back to it when nothing it ranks higher can run the pipeline.
 */
public final class LocalExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public String describe() {
        return "as local processes";
    }

    @Override
    public AutoRule auto() {
        return AutoRule.rank(0);
    }

    @Override
    public StepExecutor open(ExecutorContext context) {
        checkSettings(context.settings());
        context.settings().check();
        return new LocalExecutor();
    }
}

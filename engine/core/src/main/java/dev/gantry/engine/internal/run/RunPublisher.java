package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunEvents;

/**
 * Where one run's events go: first to the listener in its options, then to the listeners
 * subscribed to its engine. The run's id is chosen here, before anything is published, so
 * that every event of the run, a notice from opening its executor included, carries it.
 *
 * <p>The run's own listener is told first, and what it throws stops the run, as from any other
 * part of it; the engine's listeners cannot stop it (see {@link RunEvents}).
 */
public final class RunPublisher {
    private final String runId;
    private final String pipeline;
    private final RunEventListener own;
    private final RunEvents engine;

    private RunPublisher(String runId, String pipeline, RunEventListener own, RunEvents engine) {
        this.runId = runId;
        this.pipeline = pipeline;
        this.own = own;
        this.engine = engine;
    }

    /** The publisher of a new run of {@code pipeline}, with an id of its own. */
    public static RunPublisher forNewRun(String pipeline, RunEventListener own, RunEvents engine) {
        return new RunPublisher(RunIds.next(), pipeline, own, engine);
    }

    /** The run's id. */
    public String runId() {
        return runId;
    }

    /** The name of the run's pipeline. */
    public String pipeline() {
        return pipeline;
    }

    public void publish(RunEvent event) {
        own.on(event);
        engine.publish(event);
    }
}

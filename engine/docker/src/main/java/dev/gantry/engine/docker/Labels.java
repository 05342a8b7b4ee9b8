package dev.gantry.engine.docker;

import dev.gantry.engine.spi.EngineHost;
import dev.gantry.engine.spi.StepLaunch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels on every container Gantry starts: which run, step and attempt it belongs to, and
 * which engine process started it, so that containers an engine left behind when it died can
 * be told from those of an engine still running.
 */
final class Labels {
    static final String RUN = "gantry.run";
    static final String STEP = "gantry.step";
    static final String ATTEMPT = "gantry.attempt";
    static final String HOST = "gantry.host";
    static final String PID = "gantry.pid";
    /** When the engine process started, so a reused process id is not taken for the engine. */
    static final String PID_STARTED = "gantry.pid-started";

    private Labels() {}

    static Map<String, String> of(StepLaunch launch) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RUN, launch.runId());
        labels.put(STEP, launch.step().name());
        labels.put(ATTEMPT, Integer.toString(launch.attempt()));
        labels.put(HOST, EngineHost.name());
        labels.put(PID, Long.toString(ProcessHandle.current().pid()));
        EngineHost.processStarted().ifPresent(t -> labels.put(PID_STARTED, Long.toString(t)));
        return labels;
    }

    /**
     * Whether the engine that started a container with {@code labels} has died: it ran on this
     * host and its process is gone (or the id now belongs to another process). A container of
     * another host is never judged dead from here.
     */
    static boolean engineIsGone(Map<String, String> labels) {
        return EngineHost.isGone(labels.get(HOST), labels.get(PID), Optional.ofNullable(labels.get(PID_STARTED)));
    }
}

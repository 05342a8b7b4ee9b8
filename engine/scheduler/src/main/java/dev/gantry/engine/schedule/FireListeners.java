package dev.gantry.engine.schedule;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link FireListener}s of one scheduler: each hears every outcome, and none can stop the others. */
final class FireListeners {
    private static final Logger LOG = LoggerFactory.getLogger(FireListeners.class);
    private final List<FireListener> listeners = new CopyOnWriteArrayList<>();

    void add(FireListener listener) {
        listeners.add(listener);
    }

    void tell(String schedule, Instant fireTime, FireOutcome.Kind kind) {
        FireOutcome outcome = new FireOutcome(schedule, fireTime, kind);
        for (FireListener listener : listeners) {
            try {
                listener.on(outcome);
            } catch (RuntimeException e) {
                LOG.warn("a fire listener failed on {}; the scheduler goes on", outcome, e);
            }
        }
    }
}

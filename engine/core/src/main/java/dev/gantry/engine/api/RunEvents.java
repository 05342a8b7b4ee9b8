package dev.gantry.engine.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners registered to hear runs, and how events reach them: each event goes to every
 * listener subscribed when it is published, in the order they subscribed, on the publishing
 * thread. A {@code Gantry} has one, which hears every run it makes; the scheduler has one, which
 * hears every run it starts. One hub can relay to another: {@code gantry.subscribe(hub::publish)}.
 *
 * <p>A listener that throws stops neither the run nor the other listeners: what it threw goes to
 * the publishing thread's uncaught-exception handler (by default, printed on standard error), and
 * it stays subscribed. Safe for use from several threads.
 */
public final class RunEvents {
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();

    /** Starts sending every event published from now on to {@code listener}, until the subscription is closed. */
    public Subscription subscribe(RunEventListener listener) {
        Registration registration = new Registration(Objects.requireNonNull(listener, "listener"));
        listeners.add(registration);
        return registration;
    }

    /** Sends {@code event} to every listener subscribed now. */
    public void publish(RunEvent event) {
        Objects.requireNonNull(event, "event");
        for (Registration registration : listeners) {
            try {
                registration.listener.on(event);
            } catch (RuntimeException e) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
            }
        }
    }

    /** A listener's registration: closing it stops the events, and closing it again does nothing. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final class Registration implements Subscription {
        final RunEventListener listener;

        Registration(RunEventListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            // By identity: the same listener subscribed twice has two registrations.
            listeners.remove(this);
        }
    }
}

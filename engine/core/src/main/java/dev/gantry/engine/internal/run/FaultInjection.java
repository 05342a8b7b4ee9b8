package dev.gantry.engine.internal.run;

/**
 * Crash points for the store's crash-consistency tests. Setting
 * {@code GANTRY_FAULT_HALT_AFTER_OBJECTS=STEP} makes the process die, as if killed, after
 * that step's outputs are renamed into the store and before its record is committed.
 */
final class FaultInjection {
    private static final String HALT_AFTER_OBJECTS = System.getenv("GANTRY_FAULT_HALT_AFTER_OBJECTS");

    private FaultInjection() {}

    static void afterObjectsCommitted(String step, dev.gantry.engine.internal.store.RunStore store) {
        if (step.equals(HALT_AFTER_OBJECTS)) {
            store.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}

package dev.gantry.engine.cli.progress;

/**
 * Calls back when the terminal is resized (SIGWINCH), through the JDK's {@code sun.misc.Signal},
 * the one way a Java program hears that signal. Where it cannot be heard the display keeps the
 * size it found at the start.
 */
final class ResizeSignal {
    private ResizeSignal() {}

    static void onResize(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // No such signal here (Windows), or the JDK does not offer the API: resizes go unheard.
        }
    }
}

package dev.gantry.engine.cli;

/** Metric values for people: {@code 3} for a whole number, else as Java writes a double ({@code 0.965}). */
final class Numbers {
    private Numbers() {}

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

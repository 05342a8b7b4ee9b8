package dev.gantry.server.internal.http;

import io.javalin.http.Context;

/** The whole-number query parameters of the API, each refused with a 400 that says what fits. */
public final class QueryParams {
    private QueryParams() {}

    /** {@code ?name=}, from {@code min} to {@code max}; {@code fallback} when absent. */
    public static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " '" + text + "': use a whole number from " + min + " to " + max);
    }

    /** {@code ?name=}, from {@code min} to {@code max}; {@code fallback} when absent. */
    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        return (int) longParam(ctx, name, fallback, min, max);
    }

    /** {@code ?name=}, 0 or more; {@code fallback} when absent. */
    public static long nonNegative(Context ctx, String name, long fallback) {
        return longParam(ctx, name, fallback, 0, Long.MAX_VALUE);
    }
}

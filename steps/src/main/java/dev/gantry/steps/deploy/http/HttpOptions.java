package dev.gantry.steps.deploy.http;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link JsonHttpServer} accepts from a client.
 *
 * @param maxBodyBytes the largest request body read; a larger one is answered with 413 before
 *     more than this is read
 * @param readTimeout how long a client has, from connecting, to send its whole request (line,
 *     headers and body); a slower one is answered with 408 and closed. The same bound applies to
 *     writing the answer to a client that does not read it.
 * @param token the token every request must send as {@code Authorization: Bearer TOKEN}, if any
 */
public record HttpOptions(long maxBodyBytes, Duration readTimeout, Optional<String> token) {
    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The default read timeout: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the options. */
    public HttpOptions {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
    }

    /** Returns the defaults, with no token. */
    public static HttpOptions defaults() {
        return new HttpOptions(DEFAULT_MAX_BODY_BYTES, DEFAULT_READ_TIMEOUT, Optional.empty());
    }
}

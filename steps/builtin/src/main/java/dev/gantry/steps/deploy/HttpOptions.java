package dev.gantry.steps.deploy;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link JsonServer} accepts from a client.
 *
 * @param maxBodyBytes the largest request body read; a larger one is answered with 413 before
 *     more than this is read
 * @param readTimeout how long a client has, from connecting, to send its whole request (line,
 *     headers and body); a slower one is answered with 408 and closed (see {@link ReadDeadline}).
 *     A connection on which nothing moves for a second longer is closed too, such as one whose
 *     client does not read its answer.
 * @param token the token every request must send as {@code Authorization: Bearer TOKEN}, if any
 */
record HttpOptions(long maxBodyBytes, Duration readTimeout, Optional<String> token) {
    /** The default body limit: 1 MiB. */
    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The default read timeout: 10 seconds. */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the options. */
    HttpOptions {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
    }

    /** Returns the defaults, with no token. */
    static HttpOptions defaults() {
        return new HttpOptions(DEFAULT_MAX_BODY_BYTES, DEFAULT_READ_TIMEOUT, Optional.empty());
    }
}

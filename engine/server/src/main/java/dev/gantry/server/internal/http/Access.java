package dev.gantry.server.internal.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may ask what, checked before every request:
 * <ul>
 *   <li>With a token, every request carries it: as {@code Authorization: Bearer TOKEN}, or in the
 *       cookie a browser gets by opening any page once with {@code ?token=TOKEN}. Else 401.</li>
 *   <li>Bound to loopback, the {@code Host} header must name loopback too, so a web page cannot
 *       reach the server through a DNS name that points at 127.0.0.1.</li>
 *   <li>An action (POST) sent with a cookie rather than the Authorization header carries the CSRF token of its browser session in {@code X-Gantry-CSRF},
 *       the same value as the {@code gantry_csrf} cookie, which another site's page cannot read;
 *       and its {@code Origin}, when sent, is this server. Else 403.</li>
 * </ul>
 */
public final class Access {
    /** The header an action carries its CSRF token in. */
    public static final String CSRF_HEADER = "X-Gantry-CSRF";
    /** The cookie the CSRF token is handed out in. */
    public static final String CSRF_COOKIE = "gantry_csrf";
    private static final String TOKEN_COOKIE = "gantry_token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<byte[]> token;
    private final boolean loopbackOnly;

    public Access(Optional<String> token, boolean loopbackOnly) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.loopbackOnly = loopbackOnly;
    }

    /** Checks {@code ctx}; throws the refusal when it may not go on. */
    public void check(Context ctx) {
        if (loopbackOnly && !loopbackHost(ctx.host())) {
            throw new ApiException(403, "this server answers only requests addressed to localhost, 127.0.0.1 or"
                    + " [::1]; bind it with --bind and a --token-file to serve other names");
        }
        boolean bearer = token.isPresent() && checkToken(ctx);
        if (ctx.cookie(CSRF_COOKIE) == null) {
            String fresh = HexFormat.of().formatHex(randomBytes());
            ctx.cookie(new Cookie(CSRF_COOKIE, fresh, "/", -1, false, false, null, SameSite.STRICT));
        }
        if (ctx.method().equals(HandlerType.POST) && !bearer) {
            // A request with the token in its Authorization header cannot come from another site's
            // page (it cannot set that header without the server's CORS consent, never given).
            checkAction(ctx);
        }
    }

    /** Checks the token; returns whether it came in the Authorization header. */
    private boolean checkToken(Context ctx) {
        String query = ctx.queryParam("token");
        if (query != null && ctx.method().equals(HandlerType.GET) && matches(query)) {
            ctx.cookie(new Cookie(TOKEN_COOKIE, query, "/", -1, false, true, null, SameSite.STRICT));
            return false;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).trim())) {
            return true;
        }
        String cookie = ctx.cookie(TOKEN_COOKIE);
        if (cookie != null && matches(cookie)) {
            return false;
        }
        throw new ApiException(401, "this server needs its token: send 'Authorization: Bearer TOKEN', or open"
                + " the UI once with ?token=TOKEN");
    }

    private void checkAction(Context ctx) {
        String cookie = ctx.cookie(CSRF_COOKIE);
        String header = ctx.header(CSRF_HEADER);
        if (cookie == null || header == null || !MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "an action needs the header " + CSRF_HEADER + " set to the value of the "
                    + CSRF_COOKIE + " cookie that any GET of this server hands out");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null") && !sameHost(origin, ctx.host())) {
            throw new ApiException(403, "an action must come from a page of this server, not from " + origin);
        }
    }

    private boolean matches(String offered) {
        return MessageDigest.isEqual(token.orElseThrow(), offered.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameHost(String origin, String host) {
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    /** Whether a {@code Host} header names this machine's loopback, with or without a port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(1, end).equals("::1");
        }
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        return bare.equals("localhost") || bare.equals("127.0.0.1") || bare.endsWith(".localhost");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

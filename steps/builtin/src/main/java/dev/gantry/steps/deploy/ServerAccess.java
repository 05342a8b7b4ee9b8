package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.StepContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who may talk to a server: its token, from {@code --token} or else {@link #TOKEN_VARIABLE} (which
 * keeps it off the command line, where every user of the machine can read it), and the rule
 * that a server listening beyond loopback needs one unless told otherwise.
 */
final class ServerAccess {
    /** The environment variable that gives the token when {@code --token} does not. */
    static final String TOKEN_VARIABLE = "GANTRY_SERVE_TOKEN";

    private ServerAccess() {}

    /** Returns the token the flags or the environment give, if any; it must be visible ASCII. */
    static Optional<String> token(StepContext context) {
        Optional<String> token = context.find(ServerSteps.TOKEN)
                .or(() -> Optional.ofNullable(context.environment().get(TOKEN_VARIABLE)).filter(t -> !t.isEmpty()));
        if (token.isPresent() && !token.get().matches("[\\x21-\\x7e]+")) {
            // The value is a secret, so the message leaves it out.
            throw new ParamException("the token (--token or " + TOKEN_VARIABLE + ") must be printable ASCII without"
                    + " spaces, at least one character");
        }
        return token;
    }

    /**
     * Refuses to listen on an address beyond loopback without a token, unless
     * {@code allowUnauthenticated}; refuses a host that does not resolve.
     */
    static void checkHost(String host, Optional<String> token, boolean allowUnauthenticated) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParamException("--host " + host + " is not an address to listen on: it does not resolve");
        }
        if (!address.isLoopbackAddress() && token.isEmpty() && !allowUnauthenticated) {
            throw new ParamException("--host " + host + " accepts connections from other machines, so the server "
                    + "needs a token: give --token TOKEN or set " + TOKEN_VARIABLE + ", and clients send "
                    + "'Authorization: Bearer TOKEN' (or give --allow-unauthenticated to serve without one)");
        }
    }
}

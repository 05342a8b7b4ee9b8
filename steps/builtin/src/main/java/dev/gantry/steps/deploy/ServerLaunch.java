package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.StepContext;
import java.util.List;
import java.util.Optional;

/**
 * What deploy passes on to the servers it starts: the flags of their limits, and the token, which
 * travels in their environment ({@link ServerAccess#TOKEN_VARIABLE}) rather than on their command
 * line, and which deploy's own health checks send.
 *
 * @param token the token the servers require, if any
 * @param flags the flags every server is started with
 */
record ServerLaunch(Optional<String> token, List<String> flags) {
    /** Makes the launch. */
    ServerLaunch {
        flags = List.copyOf(flags);
    }

    /** Returns the launch the deploy step's flags give, after checking its host may be listened on. */
    static ServerLaunch of(StepContext context, String host) {
        Optional<String> token = ServerAccess.token(context);
        boolean allowUnauthenticated = context.get(ServerSteps.ALLOW_UNAUTHENTICATED);
        ServerAccess.checkHost(host, token, allowUnauthenticated);
        return new ServerLaunch(token, List.of("--max-body-bytes", Long.toString(context.get(ServerSteps.MAX_BODY_BYTES)),
                "--read-timeout-ms", Integer.toString(context.get(ServerSteps.READ_TIMEOUT_MS)),
                "--allow-unauthenticated=" + allowUnauthenticated));
    }

    /** Returns a launch with no token and the servers' default flags, for stopping servers. */
    static ServerLaunch none() {
        return new ServerLaunch(Optional.empty(), List.of());
    }
}

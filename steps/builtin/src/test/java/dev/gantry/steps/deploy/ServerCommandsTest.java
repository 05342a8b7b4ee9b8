package dev.gantry.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.Cli;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve and proxy commands refuse, before they listen, what would leave a server open to all. */
class ServerCommandsTest {
    private static final String NEEDS_A_TOKEN = "--host 0.0.0.0 accepts connections from other machines, so the server"
            + " needs a token: give --token TOKEN or set GANTRY_SERVE_TOKEN, and clients send 'Authorization: Bearer"
            + " TOKEN' (or give --allow-unauthenticated to serve without one)";

    @TempDir
    Path dir;

    @Test
    void serveAndProxyRefuseToListenBeyondLoopbackWithoutAToken() {
        Cli.Result serve = Cli.run("serve", "--registry", dir.toString(), "--model-version", "v1", "--host", "0.0.0.0");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.errLine()).isEqualTo("gantry-step serve: " + NEEDS_A_TOKEN);
        Cli.Result proxy = Cli.run("proxy", "--serving-dir", dir.toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(proxy.exitCode()).isEqualTo(2);
        assertThat(proxy.errLine()).isEqualTo("gantry-step proxy: " + NEEDS_A_TOKEN);
    }

    @Test
    void aTokenFromTheFlagOrTheEnvironmentOrAnExplicitOptOutLetsTheHostThrough() {
        String notRegistered = "--model-version v1 is not registered: there is no " + dir.resolve("model/v1");
        Cli.Result flag = Cli.run("serve", "--registry", dir.toString(), "--model-version", "v1", "--host", "0.0.0.0",
                "--token", "abc");
        assertThat(flag.errLine()).isEqualTo("gantry-step serve: " + notRegistered);
        Cli.Result environment = Cli.run(Map.of("GANTRY_SERVE_TOKEN", "abc"), "serve", "--registry", dir.toString(),
                "--model-version", "v1", "--host", "0.0.0.0");
        assertThat(environment.errLine()).isEqualTo("gantry-step serve: " + notRegistered);
        Cli.Result optOut = Cli.run("serve", "--registry", dir.toString(), "--model-version", "v1", "--host", "0.0.0.0",
                "--allow-unauthenticated");
        assertThat(optOut.errLine()).isEqualTo("gantry-step serve: " + notRegistered);
    }

    @Test
    void aTokenWithSpacesOrAHostThatDoesNotResolveIsRefused() {
        Cli.Result spaces = Cli.run("serve", "--registry", dir.toString(), "--model-version", "v1", "--token", "a b");
        assertThat(spaces.exitCode()).isEqualTo(2);
        assertThat(spaces.errLine()).isEqualTo("gantry-step serve: the token (--token or GANTRY_SERVE_TOKEN) must be"
                + " printable ASCII without spaces, at least one character");
        Cli.Result host = Cli.run("serve", "--registry", dir.toString(), "--model-version", "v1", "--host",
                "no-such-host.invalid");
        assertThat(host.exitCode()).isEqualTo(2);
        assertThat(host.errLine()).isEqualTo("gantry-step serve: --host no-such-host.invalid is not an address to listen"
                + " on: it does not resolve");
    }
}

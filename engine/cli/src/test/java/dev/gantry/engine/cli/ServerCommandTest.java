package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry server} as a user starts it: a real process, a real port, stopped by SIGTERM. */
class ServerCommandTest {
    private static final Pattern URL = Pattern.compile("gantry server: (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void servesTheStoreUntilStopped() throws Exception {
        Files.writeString(dir.resolve("hello.yaml"), "name: hello\nsteps:\n  say:\n    command: [echo, hi]\n");
        assertThat(GantryProcess.run(dir, "run", "hello.yaml").exitCode()).isZero();
        GantryProcess server = GantryProcess.start(dir, Map.of(), "server", "--port", "0", "--pipelines", ".");
        String url = awaitUrl(server);
        HttpResponse<String> runs = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "api/runs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(runs.statusCode()).isEqualTo(200);
        assertThat(runs.body()).contains("\"pipeline\":\"hello\"").contains("\"trigger\":\"cli\"");
        server.process().destroy();
        GantryProcess.Result stopped = server.finish();
        assertThat(stopped.exitCode()).isIn(0, 143);
        assertThat(stopped.stderr()).doesNotContain("Exception");
    }

    @Test
    void refusesOtherMachinesWithoutATokenAndBadTokenFiles() throws Exception {
        GantryProcess.Result open = GantryProcess.run(dir, "server", "--bind", "0.0.0.0", "--port", "0");
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.stderr().strip()).isEqualTo("error: --bind 0.0.0.0 serves other machines, so it needs a token:"
                + " give one with --token-file FILE (every request must then carry it)");
        GantryProcess.Result missing = GantryProcess.run(dir, "server", "--token-file", "nope.txt", "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("error: --token-file nope.txt: cannot read it (");
        Files.writeString(dir.resolve("short.txt"), "abc\n");
        GantryProcess.Result shortToken = GantryProcess.run(dir, "server", "--token-file", "short.txt", "--port", "0");
        assertThat(shortToken.exitCode()).isEqualTo(2);
        assertThat(shortToken.stderr().strip())
                .isEqualTo("error: --token-file short.txt: the token must be at least 16 characters");
    }

    private static String awaitUrl(GantryProcess server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(server.stdoutSoFar());
            if (m.find()) {
                return m.group(1);
            }
            if (!server.process().isAlive()) {
                throw new AssertionError("gantry server ended: " + server.finish());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gantry server printed no address in a minute");
    }
}

package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.yaml.PipelineYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may reach the server, and what it will read: the token beyond loopback, the Host check on
 * loopback, CSRF for actions, and no path out of the store, through a real server on a real port.
 */
class ServerAccessTest {
    private static final String TOKEN = "a-token-of-some-length-1234";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private StoreLocation storeWithOneRun() {
        StoreLocation store = StoreLocation.embedded(dir.resolve("store"));
        try (Gantry gantry = Gantry.open(store)) {
            RunResult result = gantry.run(PipelineYaml.parse("""
                    name: tiny
                    steps:
                      say:
                        command: [sh, -c, 'echo said; echo hi > "${outputs.note}"']
                        outputs: {note: file}
                    """, "tiny.yaml"), RunOptions.defaults().withBaseDir(dir));
            assertThat(result.succeeded()).isTrue();
        }
        return store;
    }

    @Test
    void refusesToServeOtherMachinesWithoutAToken() {
        StoreLocation store = storeWithOneRun();
        assertThatThrownBy(() -> GantryServer.start(ServerSettings.of(store).withBind("0.0.0.0").withPort(0), quiet()))
                .isInstanceOf(ServerException.class)
                .hasMessage("--bind 0.0.0.0 serves other machines, so it needs a token: give one with --token-file FILE"
                        + " (every request must then carry it)");
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        StoreLocation store = storeWithOneRun();
        try (GantryServer server = GantryServer.start(
                ServerSettings.of(store).withBind("0.0.0.0").withPort(0).withToken(TOKEN), quiet())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> none = get(base + "/api/runs");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).isEqualTo("{\"error\":\"this server needs its token: send 'Authorization: Bearer"
                    + " TOKEN', or open the UI once with ?token=TOKEN\",\"status\":401}");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Authorization", "Bearer wrong-token")).statusCode()).isEqualTo(401);
            assertThat(get(base + "/metrics").statusCode()).isEqualTo(401);
            assertThat(get(base + "/").statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
            // A browser opens the UI once with the token, and its cookie carries it from then on.
            HttpResponse<String> opened = get(base + "/?token=" + TOKEN);
            assertThat(opened.statusCode()).isEqualTo(200);
            String cookie = opened.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("gantry_token=")).findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Cookie", cookie.split(";")[0])).statusCode()).isEqualTo(200);
            // An action with the bearer token needs no CSRF token: no other site's page can send that header.
            HttpResponse<String> action = send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pipeline\": \"none\"}")));
            assertThat(action.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onLoopbackAnswersOnlyRequestsAddressedToLoopback() throws Exception {
        try (GantryServer server = GantryServer.start(ServerSettings.of(storeWithOneRun()).withPort(0), quiet())) {
            assertThat(rawGet(server.port(), "localhost:" + server.port())).startsWith("HTTP/1.1 200");
            String rebound = rawGet(server.port(), "attacker.example:" + server.port());
            assertThat(rebound).startsWith("HTTP/1.1 403");
            assertThat(rebound).contains("this server answers only requests addressed to localhost");
        }
    }

    @Test
    void actionsNeedTheCsrfTokenAndTheirOwnOrigin() throws Exception {
        try (GantryServer server = GantryServer.start(ServerSettings.of(storeWithOneRun()).withPort(0), quiet())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = get(base + "/");
            String csrf = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gantry_csrf="))
                    .findFirst().orElseThrow().split(";")[0].substring("gantry_csrf=".length());
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/api/runs/last/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            assertThat(send(post).statusCode()).isEqualTo(403);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/runs/last/cancel"))
                    .header("Cookie", "gantry_csrf=" + csrf).header("X-Gantry-CSRF", "other")
                    .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
            HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(base + "/api/runs/last/cancel"))
                    .header("Cookie", "gantry_csrf=" + csrf).header("X-Gantry-CSRF", csrf)
                    .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).contains("an action must come from a page of this server, not from"
                    + " http://attacker.example");
            HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(base + "/api/runs/last/cancel"))
                    .header("Cookie", "gantry_csrf=" + csrf).header("X-Gantry-CSRF", csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(allowed.statusCode()).isEqualTo(409); // let through: the run has ended
        }
    }

    @Test
    void readsNothingOutsideTheStoreWhateverTheRequestOrTheStoreSays() throws Exception {
        StoreLocation store = storeWithOneRun();
        try (GantryServer server = GantryServer.start(ServerSettings.of(store).withPort(0), quiet())) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(get(base + "/api/runs/last/steps/say/log").body()).isEqualTo("said\n");
            // A log replaced by a link to a host file is not followed.
            Path log = Files.list(store.dir().resolve("runs")).findFirst().orElseThrow().resolve("say/attempt-1.log");
            Files.delete(log);
            Files.createSymbolicLink(log, Path.of("/etc/passwd"));
            HttpResponse<String> linked = get(base + "/api/runs/last/steps/say/log");
            assertThat(linked.statusCode()).isEqualTo(404);
            assertThat(linked.body()).doesNotContain("root:");
            for (String path : List.of("/api/runs/last/steps/..%2F..%2F..%2Fetc/log", "/..%2F..%2Fetc/passwd",
                    "/webjars/..%2F..%2F..%2Fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd")) {
                HttpResponse<String> answer = get(base + path);
                assertThat(answer.statusCode()).as(path).isBetween(400, 404);
                assertThat(answer.body()).as(path).doesNotContain("root:");
            }
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of /health with the Host header given, which HttpClient will not set. */
    private static String rawGet(int port, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}

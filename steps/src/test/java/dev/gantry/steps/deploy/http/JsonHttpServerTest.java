package dev.gantry.steps.deploy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.testing.RawHttp;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server itself, on 127.0.0.1, with handlers written here: what it does when a handler
 * fails, and the limits no handler sees.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonHttpServerTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void aHandlerThatFailsGivesA500ThatSaysNothingOfTheFailureWhichIsLoggedInFull() throws Exception {
        JsonHttpServer server = start(Duration.ofSeconds(5), request -> {
            if (request.path().equals("/fail")) {
                throw new IllegalStateException("the secret table t_users has no column 'x'");
            }
            return Response.json(200, Map.of("ok", true));
        });
        RawHttp.Answer failed = RawHttp.exchange(server.port(), RawHttp.post("/fail", "{}"), Duration.ofSeconds(5));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).isEqualTo("the server failed to answer this request; its log has the details");
        assertThat(failed.text()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("dev.gantry");
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("http: answering POST /fail failed, so it got 500: "
                + "java.lang.IllegalStateException: the secret table t_users has no column 'x'\n\tat ");
        RawHttp.Answer after = RawHttp.exchange(server.port(), RawHttp.get("/"), Duration.ofSeconds(5));
        assertThat(after.status()).isEqualTo(200);
    }

    @Test
    void headersOverTheirLimitGet431() throws Exception {
        JsonHttpServer server = start(Duration.ofSeconds(5), request -> Response.json(200, Map.of()));
        RawHttp.Answer answer = RawHttp.exchange(server.port(), RawHttp.get("/", "X-Big: " + "a".repeat(20_000)),
                Duration.ofSeconds(5));
        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.error()).isEqualTo("the request line and headers are larger than the limit of 16384 bytes");
    }

    @Test
    void aBodyWithBothLengthsOrAnotherEncodingIsRefused() throws Exception {
        JsonHttpServer server = start(Duration.ofSeconds(5), request -> Response.json(200, Map.of()));
        RawHttp.Answer both = RawHttp.exchange(server.port(), "POST / HTTP/1.1\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", Duration.ofSeconds(5));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error()).isEqualTo("a request may have Content-Length or Transfer-Encoding, not both");
        RawHttp.Answer gzip = RawHttp.exchange(server.port(), "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                Duration.ofSeconds(5));
        assertThat(gzip.status()).isEqualTo(501);
        assertThat(gzip.error()).isEqualTo("the only Transfer-Encoding accepted is chunked, was 'gzip'");
        RawHttp.Answer badLength = RawHttp.exchange(server.port(), "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                Duration.ofSeconds(5));
        assertThat(badLength.status()).isEqualTo(400);
        assertThat(badLength.error()).isEqualTo("Content-Length must be a number of bytes, was '-1'");
    }

    @Test
    void aConnectionBeyondTheMostServedAtOnceIsAnsweredWith503AtOnce() throws Exception {
        JsonHttpServer server = start(Duration.ofSeconds(2), request -> Response.json(200, Map.of()));
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < JsonHttpServer.MAX_CONNECTIONS; i++) {
            Socket socket = RawHttp.connect(server.port());
            toClose.add(socket);
            stalled.add(socket);
        }
        // Each stalled connection holds a worker until its read timeout, so the next one finds none.
        Thread.sleep(200);
        RawHttp.Answer busy = RawHttp.exchange(server.port(), RawHttp.get("/"), Duration.ofSeconds(1));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.error()).isEqualTo("the server is busy with 64 connections; try again shortly");
        for (Socket socket : stalled) {
            assertThat(RawHttp.readToEnd(socket, System.nanoTime(), Duration.ofSeconds(5)).status()).isEqualTo(408);
        }
        RawHttp.Answer served = RawHttp.exchange(server.port(), RawHttp.get("/"), Duration.ofSeconds(5));
        assertThat(served.status()).isEqualTo(200);
    }

    private JsonHttpServer start(Duration readTimeout, Handler handler) throws Exception {
        JsonHttpServer server = JsonHttpServer.start("127.0.0.1", 0, new HttpOptions(1024, readTimeout, Optional.empty()),
                handler, log::add);
        toClose.add(server);
        return server;
    }
}

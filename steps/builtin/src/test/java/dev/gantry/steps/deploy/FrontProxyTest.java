package dev.gantry.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.testing.RawHttp;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real front proxy on 127.0.0.1 before a real prediction server, under clients that misbehave. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrontProxyTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1200);

    @TempDir
    static Path work;

    private static Predictor predictor;

    @TempDir
    Path serving;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void trainAModel() {
        predictor = TrainedBreastCancer.train(work);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void theProxyAndItsBackendShareTheTokenAndRequestsWithoutItAreRefused() throws Exception {
        Optional<String> token = Optional.of("proxy-token-1");
        FrontProxy proxy = proxyBefore(backend(token), token);
        String row = Json.toString(TrainedBreastCancer.firstRow());

        RawHttp.Answer without = RawHttp.exchange(proxy.port(), RawHttp.post("/predict", row), Duration.ofSeconds(5));
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.error()).isEqualTo("this server needs a token: send the header 'Authorization: Bearer TOKEN'");
        RawHttp.Answer status = RawHttp.exchange(proxy.port(), RawHttp.get("/proxy/status"), Duration.ofSeconds(5));
        assertThat(status.status()).isEqualTo(401);

        RawHttp.Answer with = RawHttp.exchange(proxy.port(), RawHttp.post("/predict", row,
                "Authorization: Bearer proxy-token-1"), Duration.ofSeconds(5));
        assertThat(with.status()).as(with.text()).isEqualTo(200);
        assertThat(with.hasHeader("X-Gantry-Version: v1")).isTrue();
        assertThat(Json.mapper().readTree(with.body()).path("predictions").get(0).path("label").asText())
                .isEqualTo("malignant");
    }

    @Test
    void aBackendThatDoesNotAnswerGives502WithoutTheExceptionWhichIsLogged() throws Exception {
        int nothingThere;
        try (ServerSocket probe = new ServerSocket(0)) {
            nothingThere = probe.getLocalPort();
        }
        ServingState state = new ServingState(serving);
        ServingState.write(state.currentFile(), new ServingState.Endpoint("v1", "127.0.0.1", nothingThere, 1));
        FrontProxy proxy = FrontProxy.start("127.0.0.1", 0, options(Optional.empty()), state, log::add);
        toClose.add(proxy);

        RawHttp.Answer answer = RawHttp.exchange(proxy.port(), RawHttp.get("/health"), Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("the model server of v1 did not answer");
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("java.");
        assertThat(log).singleElement().asString().startsWith("proxy: forwarding GET /health to v1 at http://127.0.0.1:"
                + nothingThere + " failed: java.net.ConnectException");
    }

    @Test
    void stalledConnectionsToTheProxyAreClosedWhileOtherClientsAreServed() throws Exception {
        FrontProxy proxy = proxyBefore(backend(Optional.empty()), Optional.empty());
        assertThat(RawHttp.exchange(proxy.port(), RawHttp.get("/health"), Duration.ofSeconds(5)).status())
                .isEqualTo(200);
        List<Socket> stalled = new ArrayList<>();
        long opened = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            Socket socket = RawHttp.connect(proxy.port());
            toClose.add(socket);
            if (i % 2 == 1) {
                RawHttp.write(socket, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 900\r\n\r\n[{\"mean_radius\": 1");
            }
            stalled.add(socket);
        }
        RawHttp.Answer served = RawHttp.exchange(proxy.port(), RawHttp.post("/predict",
                Json.toString(TrainedBreastCancer.firstRow())), Duration.ofSeconds(5));
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.closedAfter()).isLessThan(READ_TIMEOUT);
        for (Socket socket : stalled) {
            RawHttp.Answer answer = RawHttp.readToEnd(socket, opened, READ_TIMEOUT.plusSeconds(3));
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.closedAfter()).isLessThan(READ_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedByTheProxyItself() throws Exception {
        FrontProxy proxy = proxyBefore(backend(Optional.empty()), Optional.empty());
        RawHttp.Answer answer = RawHttp.exchange(proxy.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + (HttpOptions.DEFAULT_MAX_BODY_BYTES + 1) + "\r\n\r\n", Duration.ofSeconds(5));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.error()).isEqualTo("the request body is larger than the limit of 1048576 bytes; send fewer"
                + " rows per request, or start the server with a larger --max-body-bytes");
        assertThat(answer.hasHeader("X-Gantry-Version: v1")).isFalse();
    }

    @Test
    void aRequestTheProxyFailsOnGets500ThatSaysNothingOfTheFailureWhichIsLoggedInFull() throws Exception {
        // A current.json that parses but names no port that exists makes the proxy's handler throw.
        ServingState state = new ServingState(serving);
        ServingState.write(state.currentFile(), new ServingState.Endpoint("v1", "127.0.0.1", 99999, 1));
        FrontProxy proxy = FrontProxy.start("127.0.0.1", 0, options(Optional.empty()), state, log::add);
        toClose.add(proxy);

        RawHttp.Answer failed = RawHttp.exchange(proxy.port(), RawHttp.get("/health"), Duration.ofSeconds(5));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).isEqualTo("the server failed to answer this request; its log has the details");
        assertThat(failed.text()).doesNotContain("Exception").doesNotContain("java.").doesNotContain("99999");
        assertThat(log).singleElement().asString().startsWith("http: answering GET /health failed, so it got 500: "
                + "java.lang.IllegalArgumentException");
        RawHttp.Answer status = RawHttp.exchange(proxy.port(), RawHttp.get("/proxy/status"), Duration.ofSeconds(5));
        assertThat(status.status()).isEqualTo(200);
    }

    private PredictionServer backend(Optional<String> token) throws Exception {
        PredictionServer server = PredictionServer.start("127.0.0.1", 0, options(token), "bc", "v1", predictor,
                log::add);
        toClose.add(server);
        return server;
    }

    private FrontProxy proxyBefore(PredictionServer backend, Optional<String> token) throws Exception {
        ServingState state = new ServingState(serving);
        ServingState.write(state.currentFile(), new ServingState.Endpoint("v1", "127.0.0.1", backend.port(),
                ProcessHandle.current().pid()));
        FrontProxy proxy = FrontProxy.start("127.0.0.1", 0, options(token), state, log::add);
        toClose.add(proxy);
        return proxy;
    }

    private static HttpOptions options(Optional<String> token) {
        return new HttpOptions(HttpOptions.DEFAULT_MAX_BODY_BYTES, READ_TIMEOUT, token);
    }
}

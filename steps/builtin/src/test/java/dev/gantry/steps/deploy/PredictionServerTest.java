package dev.gantry.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.Json;
import dev.gantry.steps.testing.RawHttp;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** A real prediction server on 127.0.0.1, with a real model, under clients that misbehave. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PredictionServerTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOO_LARGE = "the request body is larger than the limit of 1048576 bytes; send fewer"
            + " rows per request, or start the server with a larger --max-body-bytes";

    private static final String NOT_HTTP = "the request is not valid HTTP/1.1: it needs the line 'METHOD /PATH"
            + " HTTP/1.1', a Host header, headers as 'NAME: VALUE', and a body framed by Content-Length or chunked"
            + " Transfer-Encoding, not both";

    @TempDir
    static Path work;

    private static Predictor predictor;

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
    void stalledConnectionsAreAnsweredWith408AndClosedWhileOtherClientsAreServed() throws Exception {
        PredictionServer server = start(Optional.empty());
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);
        List<Socket> stalled = new ArrayList<>();
        long opened = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            stalled.add(open(RawHttp.connect(server.port())));
        }
        for (int i = 0; i < 4; i++) {
            Socket halfBody = open(RawHttp.connect(server.port()));
            RawHttp.write(halfBody, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{\"rows\": [");
            stalled.add(halfBody);
        }
        for (int i = 0; i < 2; i++) {
            Socket halfHeaders = open(RawHttp.connect(server.port()));
            RawHttp.write(halfHeaders, "GET /health HTTP/1.1\r\nHo");
            stalled.add(halfHeaders);
        }
        Socket trickle = open(RawHttp.connect(server.port()));
        Thread trickler = new Thread(() -> {
            try {
                for (char c : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: yes".toCharArray()) {
                    RawHttp.write(trickle, String.valueOf(c));
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // The server closed the connection under it, as it should.
            }
        });
        trickler.start();
        stalled.add(trickle);
        Socket trickleBody = open(RawHttp.connect(server.port()));
        Thread bodyTrickler = new Thread(() -> {
            try {
                RawHttp.write(trickleBody, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n");
                for (char c : "[{\"mean_radius\": 17.99, \"mean_texture\": 10.38}]".toCharArray()) {
                    RawHttp.write(trickleBody, String.valueOf(c));
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // The server closed the connection under it, as it should.
            }
        });
        bodyTrickler.start();
        stalled.add(trickleBody);

        long asked = System.nanoTime();
        HttpResponse<String> answered = HTTP.send(HttpRequest.newBuilder(URI.create(url(server, "/predict")))
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(List.of(TrainedBreastCancer.firstRow()))))
                .build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(took).isLessThan(READ_TIMEOUT);
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);

        for (Socket socket : stalled) {
            RawHttp.Answer answer = RawHttp.readToEnd(socket, opened, READ_TIMEOUT.plusSeconds(3));
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.error()).isEqualTo("the request did not arrive within the read timeout of 1500 ms, so the"
                    + " connection is closed");
            assertThat(answer.closedAfter()).isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100))
                    .isLessThan(READ_TIMEOUT.plusSeconds(2));
        }
        trickler.join();
        bodyTrickler.join();
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitGets413WithTheLimitAndTheServerStaysHealthy() throws Exception {
        PredictionServer server = start(Optional.empty());
        byte[] huge = hugeBody();
        try (Socket socket = RawHttp.connect(server.port())) {
            long start = System.nanoTime();
            RawHttp.write(socket, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + huge.length
                    + "\r\n\r\n");
            Thread writer = writeInBackground(socket, huge);
            RawHttp.Answer answer = RawHttp.readToEnd(socket, start, Duration.ofSeconds(10));
            writer.join();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.hasHeader("Content-Type: application/json")).isTrue();
            assertThat(answer.error()).isEqualTo(TOO_LARGE);
        }
        HttpResponse<String> fromAClient = sendTooLarge(server, huge);
        assertThat(fromAClient.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(fromAClient.body()).path("error").asText()).isEqualTo(TOO_LARGE);
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);
    }

    /**
     * Sends {@code huge} with the JDK's client, which writes the whole body before it reads. The
     * server answers 413 and closes as soon as it sees the length; a client still writing then may
     * get the reset of the bytes the server never read instead of the answer, a race of TCP that
     * the raw exchange above does not run. Such a client tries again, as a real one would; any
     * answer it gets must be the 413.
     */
    private static HttpResponse<String> sendTooLarge(PredictionServer server, byte[] huge) throws Exception {
        java.io.IOException reset = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url(server, "/predict")))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                reset = e;
            }
        }
        throw new AssertionError("5 tries of a too-large body got no answer", reset);
    }

    @Test
    void aChunkedBodyIsBoundedByTheSameLimitAndOneWithinItIsAnswered() throws Exception {
        PredictionServer server = start(Optional.empty());
        byte[] huge = hugeBody();
        try (Socket socket = RawHttp.connect(server.port())) {
            long start = System.nanoTime();
            RawHttp.write(socket, "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
            StringBuilder chunks = new StringBuilder();
            for (int at = 0; at < huge.length; at += 65536) {
                int size = Math.min(65536, huge.length - at);
                chunks.append(Integer.toHexString(size)).append("\r\n")
                        .append(new String(huge, at, size, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            Thread writer = writeInBackground(socket, (chunks + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Answer answer = RawHttp.readToEnd(socket, start, Duration.ofSeconds(10));
            writer.join();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.error()).isEqualTo(TOO_LARGE);
        }
        String row = Json.toString(List.of(TrainedBreastCancer.firstRow()));
        String half = row.substring(0, row.length() / 2);
        String rest = row.substring(row.length() / 2);
        RawHttp.Answer small = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                + Integer.toHexString(rest.length()) + ";note=ignored\r\n" + rest + "\r\n0\r\n\r\n", Duration.ofSeconds(5));
        assertThat(small.status()).as(small.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(small.body()).path("predictions").get(0).path("label").asText())
                .isEqualTo("malignant");
    }

    @Test
    void aBodyOverTheLimitThatWaitsForContinueIsRefusedBeforeItIsSent() throws Exception {
        PredictionServer server = start(Optional.empty());
        RawHttp.Answer answer = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n", Duration.ofSeconds(5));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.error()).isEqualTo(TOO_LARGE);
        String row = Json.toString(TrainedBreastCancer.firstRow());
        RawHttp.Answer accepted = RawHttp.exchange(server.port(), RawHttp.post("/predict", row,
                "Expect: 100-continue"), Duration.ofSeconds(5));
        assertThat(accepted.text()).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n");
    }

    @Test
    void numbersThatAreNotFiniteAreRefusedNamingTheirColumn() throws Exception {
        PredictionServer server = start(Optional.empty());
        assertRefused(server, TrainedBreastCancer.rowWith("mean_area", "NaN"),
                "row 0: column 'mean_area' must be a finite number, was NaN (send null for a missing value)");
        assertRefused(server, TrainedBreastCancer.rowWith("mean_radius", "Infinity"),
                "row 0: column 'mean_radius' must be a finite number, was Infinity (send null for a missing value)");
        assertRefused(server, TrainedBreastCancer.rowWith("mean_radius", "-Infinity"),
                "row 0: column 'mean_radius' must be a finite number, was -Infinity (send null for a missing value)");
        assertRefused(server, TrainedBreastCancer.rowWith("worst_area", "1e400"),
                "row 0: column 'worst_area' must be a finite number, was 1E+400 (send null for a missing value)");
        assertRefused(server, TrainedBreastCancer.rowWith("worst_area", "1" + "0".repeat(400)),
                "row 0: column 'worst_area' must be a finite number, was 100000000000000000000000000000000000000000000"
                        + "000000000000000... (send null for a missing value)");
        assertRefused(server, TrainedBreastCancer.rowWith("mean_area", "\"Infinity\""),
                "row 0: column 'mean_area' must be a number, was \"Infinity\"");
        String good = Json.toString(TrainedBreastCancer.firstRow());
        assertRefused(server, "[" + good + ", " + TrainedBreastCancer.rowWith("mean_area", "NaN")
                .replaceFirst("^\\{\"rows\": \\[", "").replaceFirst("]}$", "") + "]",
                "row 1: column 'mean_area' must be a finite number, was NaN (send null for a missing value)");
        assertRefused(server, "{\"rows\": [", "the body is not valid JSON at line 1, column 11; send {\"rows\":"
                + " [{COLUMN: VALUE, ...}, ...]}, an array of rows, or one row");
        assertRefused(server, "", "the body is empty; send {\"rows\": [{COLUMN: VALUE, ...}, ...]}, an array of rows,"
                + " or one row");
        assertRefused(server, "[1, 2]", "row 0 must be a JSON object of COLUMN: VALUE, was 1");
    }

    @Test
    void withATokenOnlyRequestsThatSendItAreAnswered() throws Exception {
        PredictionServer server = start(Optional.of("s3cret-token"));
        HttpResponse<String> without = health(server, Optional.empty());
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"gantry\"");
        assertThat(Json.mapper().readTree(without.body()).path("error").asText())
                .isEqualTo("this server needs a token: send the header 'Authorization: Bearer TOKEN'");
        HttpResponse<String> wrong = health(server, Optional.of("s3cret-tokem"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(wrong.body()).path("error").asText()).isEqualTo("the token in the"
                + " Authorization header is not this server's; send 'Authorization: Bearer TOKEN' with the token the"
                + " server was started with");
        assertThat(wrong.body()).doesNotContain("s3cret-token");
        HttpResponse<String> refusedPrediction = HTTP.send(HttpRequest.newBuilder(URI.create(url(server, "/predict")))
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(TrainedBreastCancer.firstRow()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refusedPrediction.statusCode()).isEqualTo(401);

        HttpResponse<String> right = health(server, Optional.of("s3cret-token"));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(right.body()).path("version").asText()).isEqualTo("v7");
        HttpResponse<String> prediction = HTTP.send(HttpRequest.newBuilder(URI.create(url(server, "/predict")))
                .header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(TrainedBreastCancer.firstRow()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(prediction.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownPathOrMethodIsAnsweredInJson() throws Exception {
        PredictionServer server = start(Optional.empty());
        RawHttp.Answer unknown = RawHttp.exchange(server.port(), RawHttp.get("/admin"), Duration.ofSeconds(5));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("there is no /admin here; the server answers GET /health and POST"
                + " /predict");
        RawHttp.Answer wrongMethod = RawHttp.exchange(server.port(), RawHttp.get("/predict"), Duration.ofSeconds(5));
        assertThat(wrongMethod.status()).isEqualTo(405);
        RawHttp.Answer garbage = RawHttp.exchange(server.port(), "HELLO\r\n\r\n", Duration.ofSeconds(5));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.error()).isEqualTo(NOT_HTTP);
    }

    @Test
    void requestsThatAreNotHttpOrHeadersOverTheirLimitAreRefusedInJsonWithoutTheServersName() throws Exception {
        PredictionServer server = start(Optional.empty());
        RawHttp.Answer big = RawHttp.exchange(server.port(), RawHttp.get("/health", "X-Big: " + "a".repeat(20_000)),
                Duration.ofSeconds(5));
        assertThat(big.status()).isEqualTo(431);
        assertThat(big.error()).isEqualTo("the request line and headers are larger than the limit of 16384 bytes");
        RawHttp.Answer both = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", Duration.ofSeconds(5));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error()).isEqualTo(NOT_HTTP);
        RawHttp.Answer gzip = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: gzip\r\n\r\n", Duration.ofSeconds(5));
        assertThat(gzip.status()).isEqualTo(400);
        assertThat(gzip.error()).isEqualTo(NOT_HTTP);
        RawHttp.Answer badLength = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: -1\r\n\r\n", Duration.ofSeconds(5));
        assertThat(badLength.status()).isEqualTo(400);
        assertThat(badLength.error()).isEqualTo(NOT_HTTP);
        RawHttp.Answer badChunk = RawHttp.exchange(server.port(), "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", Duration.ofSeconds(5));
        assertThat(badChunk.status()).isEqualTo(400);
        assertThat(badChunk.error()).isEqualTo(NOT_HTTP);
        RawHttp.Answer noHost = RawHttp.exchange(server.port(), "GET /health HTTP/1.1\r\n\r\n", Duration.ofSeconds(5));
        assertThat(noHost.status()).isEqualTo(400);
        assertThat(noHost.error()).isEqualTo(NOT_HTTP);
        for (RawHttp.Answer answer : List.of(big, both, gzip, badLength, badChunk, noHost)) {
            assertThat(answer.hasHeader("Content-Type: application/json")).as(answer.text()).isTrue();
            assertThat(answer.text()).doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("javalin")
                    .doesNotContain("Exception").doesNotContain("Server:").doesNotContain("<html");
        }
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void connectionsBeyondTheMostOpenAtOnceWaitUntilStalledOnesAreClosed() throws Exception {
        PredictionServer server = start(Optional.empty());
        List<Socket> stalled = new ArrayList<>();
        long opened = System.nanoTime();
        for (int i = 0; i < JsonServer.MAX_CONNECTIONS; i++) {
            stalled.add(open(RawHttp.connect(server.port())));
        }
        Thread.sleep(200);
        // The kernel accepts the connection into its backlog; the server takes it once one closes.
        RawHttp.Answer waited = RawHttp.exchange(server.port(), RawHttp.get("/health"), READ_TIMEOUT.plusSeconds(5));
        assertThat(waited.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100));
        for (Socket socket : stalled) {
            RawHttp.Answer answer = RawHttp.readToEnd(socket, opened, READ_TIMEOUT.plusSeconds(3));
            assertThat(answer.status()).isEqualTo(408);
        }
        assertThat(health(server, Optional.empty()).statusCode()).isEqualTo(200);
    }

    private void assertRefused(PredictionServer server, String body, String message) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(server, "/predict")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo(message);
    }

    private PredictionServer start(Optional<String> token) throws Exception {
        PredictionServer server = PredictionServer.start("127.0.0.1", 0, new HttpOptions(HttpOptions.DEFAULT_MAX_BODY_BYTES,
                READ_TIMEOUT, token), "bc", "v7", predictor, log::add);
        toClose.add(server);
        return server;
    }

    private Socket open(Socket socket) {
        toClose.add(socket);
        return socket;
    }

    private static HttpResponse<String> health(PredictionServer server, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(server, "/health")))
                .timeout(Duration.ofSeconds(5));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns 2 MiB of rows: twice the default limit. */
    private static byte[] hugeBody() throws Exception {
        String row = Json.toString(TrainedBreastCancer.firstRow());
        StringBuilder body = new StringBuilder("{\"rows\": [").append(row);
        while (body.length() < 2 * 1024 * 1024) {
            body.append(",").append(row);
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Thread writeInBackground(Socket socket, byte[] bytes) {
        Thread writer = new Thread(() -> {
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (Exception e) {
                // The server may stop reading once it has answered; the test reads its answer.
            }
        });
        writer.start();
        return writer;
    }

    private static String url(PredictionServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

}

package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Real HTTP requests to a server on this machine, and the waits the tests need. */
final class ServerClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ServerClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code json} as an action, with the CSRF token in its cookie and its header. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Cookie", "gantry_csrf=x")
                .header("X-Gantry-CSRF", "x")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** Scrapes until {@code condition} holds, for up to 60 s, and returns that scrape. */
    Scrape scrapeUntil(Predicate<Scrape> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Scrape scrape = scrape();
            if (condition.test(scrape)) {
                return scrape;
            }
            assertThat(System.nanoTime()).as("/metrics did not get there within 60 s; the last scrape:\n%s",
                    scrape.text()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}

package dev.gantry.engine.cli;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gantry server}: the web UI, HTTP API and metrics over the store. The server module and
 * its libraries are only named inside {@link #call}, so other commands never load them.
 */
@Command(name = "server", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Serves the web UI, the HTTP API, Prometheus metrics and health checks over the store.",
    "The API is /api, the metrics /metrics, the health check /health; it runs until stopped"
        + " (Ctrl-C or SIGTERM). With --schedule it also runs those pipelines' schedules, as gantry"
        + " scheduler does; the UI can start the pipelines of --pipelines and --schedule."
})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8765",
            description = "The port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = {
        "The address to listen on (default: ${DEFAULT-VALUE}, this machine only). Any other",
        "address needs --token-file."})
    String bind;

    @Option(names = "--token-file", paramLabel = "FILE", description = {
        "A file holding the token every request must then carry (Authorization: Bearer TOKEN,",
        "or open the UI once with ?token=TOKEN)."})
    Path tokenFile;

    @Option(names = "--schedule", paramLabel = "PATH", arity = "1..*",
            description = "Pipeline files, or directories of them, whose schedules this server runs.")
    List<Path> schedules = List.of();

    @Option(names = "--pipelines", paramLabel = "PATH", arity = "1..*",
            description = "Pipeline files, or directories of them, that the UI and API may start.")
    List<Path> pipelines = List.of();

    @Mixin
    PollOption poll;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = ServerSettings.of(store.location()).withBind(bind).withPort(port)
                .withSchedules(schedules).withPipelines(pipelines).withPoll(poll.interval());
        if (tokenFile != null) {
            settings = settings.withToken(token(tokenFile));
        }
        GantryServer server = GantryServer.start(settings, System.out);
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        System.out.println("gantry server: http://" + host + ":" + server.port() + "/  (store " + store.dir()
                + "; Ctrl-C stops it)");
        UntilStopped.await(server, "stop-server");
        return ExitCodes.OK;
    }

    private static String token(Path file) {
        try {
            if (Files.size(file) > 4096) {
                throw new UsageException("--token-file " + file + ": over 4 KiB; it should hold one token");
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() < 16) {
                throw new UsageException("--token-file " + file + ": the token must be at least 16 characters");
            }
            return token;
        } catch (IOException e) {
            throw new UsageException("--token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}

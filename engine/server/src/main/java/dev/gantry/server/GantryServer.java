package dev.gantry.server;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.schedule.SchedulerDaemon;
import dev.gantry.engine.schedule.SchedulerLog;
import dev.gantry.server.internal.actions.ActionsApi;
import dev.gantry.server.internal.actions.PipelineCatalog;
import dev.gantry.server.internal.actions.RunLauncher;
import dev.gantry.server.internal.artifacts.ArtifactsApi;
import dev.gantry.server.internal.files.StoreFiles;
import dev.gantry.server.internal.http.Access;
import dev.gantry.server.internal.http.HttpApp;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.live.LiveUpdates;
import dev.gantry.server.internal.logs.LogsApi;
import dev.gantry.server.internal.runs.ComparisonsApi;
import dev.gantry.server.internal.runs.RunsApi;
import dev.gantry.server.internal.schedules.SchedulesApi;
import io.javalin.Javalin;
import io.javalin.util.JavalinException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * {@code gantry server}: the web UI, the HTTP API and {@code /metrics} over one store, in one
 * process, which also runs the schedules of the pipeline files it is given.
 *
 * <pre>{@code
 * try (GantryServer server = GantryServer.start(ServerSettings.of(StoreLocation.embedded(dir)))) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/");
 * }
 * }</pre>
 */
public final class GantryServer implements AutoCloseable {
    private final Javalin app;
    private final RunHistory history;
    private final RunLauncher launcher;
    private final Optional<SchedulerDaemon> scheduler;
    private final ScheduledExecutorService ticks;

    private GantryServer(Javalin app, RunHistory history, RunLauncher launcher, Optional<SchedulerDaemon> scheduler,
            ScheduledExecutorService ticks) {
        this.app = app;
        this.history = history;
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.ticks = ticks;
    }

    /**
     * Opens the store, starts the schedules and listens.
     *
     * @param log where the scheduler's lines go
     * @throws ServerException when the address is not loopback and there is no token, or the port
     *     cannot be listened on
     */
    public static GantryServer start(ServerSettings settings, PrintStream log) {
        boolean loopback = isLoopback(settings.bind());
        if (!loopback && settings.token().isEmpty()) {
            throw new ServerException("--bind " + settings.bind() + " serves other machines, so it needs a token:"
                    + " give one with --token-file FILE (every request must then carry it)");
        }
        RunHistory history = RunHistory.open(settings.store(), notice -> log.println(notice));
        StoreFiles files = new StoreFiles(history.storeDir());
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "server-live");
            thread.setDaemon(true);
            return thread;
        });
        RunEvents events = new RunEvents();
        RunsApi runs = new RunsApi(history, files);
        LiveUpdates live = new LiveUpdates(runs, ticks);
        events.subscribe(live);
        RunLauncher launcher = new RunLauncher(settings.store(), events::publish);
        List<java.nio.file.Path> known = new ArrayList<>(settings.pipelines());
        known.addAll(settings.schedules());
        ActionsApi actions = new ActionsApi(history, runs, new PipelineCatalog(known), launcher);
        LogsApi logs = new LogsApi(history, runs, files, ticks);
        ArtifactsApi artifacts = new ArtifactsApi(runs, files);
        ComparisonsApi comparisons = new ComparisonsApi(history, runs);
        Optional<SchedulerDaemon> scheduler = settings.schedules().isEmpty() ? Optional.empty()
                : Optional.of(new SchedulerDaemon(settings.store(), settings.schedules(), settings.poll(),
                        SchedulerDaemon.OnStop.FINISH, new SchedulerLog(log)));
        scheduler.ifPresent(daemon -> daemon.subscribe(events::publish));
        SchedulesApi schedules = new SchedulesApi(scheduler);
        Javalin app = HttpApp.create(settings.bind(), settings.port(), new Access(settings.token(), loopback),
                config -> {
                    config.routes.get("/health", ctx -> ctx.json(Json.object().put("status", "ok")));
                    config.routes.get("/api/runs", runs::list);
                    config.routes.post("/api/runs", actions::start);
                    config.routes.sse("/api/runs/live", live::runs);
                    config.routes.get("/api/runs/{run}", runs::get);
                    config.routes.sse("/api/runs/{run}/live", live::run);
                    config.routes.get("/api/runs/{run}/metrics", runs::metrics);
                    config.routes.get("/api/runs/{run}/trials", comparisons::trials);
                    config.routes.post("/api/runs/{run}/cancel", actions::cancel);
                    config.routes.post("/api/runs/{run}/rerun", actions::rerun);
                    config.routes.get("/api/runs/{run}/steps/{step}", runs::step);
                    config.routes.get("/api/runs/{run}/steps/{step}/explain", runs::explain);
                    config.routes.get("/api/runs/{run}/steps/{step}/log", logs::read);
                    config.routes.sse("/api/runs/{run}/steps/{step}/log/follow", logs::follow);
                    config.routes.get("/api/runs/{run}/steps/{step}/outputs/{output}", artifacts::preview);
                    config.routes.get("/api/lineage/{digest}", runs::lineage);
                    config.routes.get("/api/pipelines", actions::pipelines);
                    config.routes.get("/api/pipelines/{pipeline}/metrics", comparisons::pipelineMetrics);
                    config.routes.get("/api/schedules", schedules::list);
                });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            history.close();
            ticks.shutdownNow();
            throw new ServerException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        scheduler.ifPresent(SchedulerDaemon::start);
        return new GantryServer(app, history, launcher, scheduler, ticks);
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** Stops the schedules, cancels the runs this server started, and stops listening. */
    @Override
    public void close() {
        scheduler.ifPresent(SchedulerDaemon::close);
        launcher.close();
        try {
            app.stop();
        } catch (JavalinException e) {
            // A live view (SSE) stays open until its client goes: Jetty's graceful stop waits for
            // it, times out, then cuts it and stops all the same. What is left must still close.
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e;
            }
        }
        ticks.shutdownNow();
        history.close();
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ServerException("--bind " + bind + ": not an address of this machine");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}

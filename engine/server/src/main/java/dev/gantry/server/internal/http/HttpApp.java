package dev.gantry.server.internal.http;

import dev.gantry.error.GantryException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.function.Consumer;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Javalin app: access checks before every request, errors as JSON, the UI and its
 * libraries from the class path, and the routes {@code routes} adds.
 */
public final class HttpApp {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApp.class);
    /** The most connections open at once; SSE followers hold theirs. */
    private static final int MAX_CONNECTIONS = 512;
    /** The most a request body may hold: actions carry a little JSON. */
    private static final long MAX_BODY = 1024 * 1024;
    /** The message of every 500: the failure itself goes to the server's log. */
    static final String INTERNAL_ERROR = "the server failed to answer this request; its log has the details";

    private HttpApp() {}

    /** Creates the app; it listens once started. */
    public static Javalin create(String host, int port, Access access, Consumer<JavalinConfig> routes) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
                // No graceful wait on stop: live streams and idle keep-alive connections would hold it for
                // the whole timeout, and the runs the server started are cancelled before it stops.
                server.setStopTimeout(0);
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jsonMapper(new io.javalin.json.JavalinJackson(Json.mapper(), false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dev/gantry/server/ui";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.routes.before(access::check);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(GantryException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("answering {} {} failed, so it got 500", ctx.method(), ctx.path(), e);
                error(ctx, 500, INTERNAL_ERROR);
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint")
                        || ctx.result().equals("Not Found")) {
                    error(ctx, 404, "no such page or API: " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, "*", ctx -> error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
            config.routes.error(413, "*", ctx -> error(ctx, 413, "the request body is over the limit of "
                    + MAX_BODY + " bytes"));
            routes.accept(config);
        });
    }

    /** Answers with {@code {"error": message, "status": status}}. */
    static void error(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.json(Json.object().put("error", message).put("status", status));
    }
}

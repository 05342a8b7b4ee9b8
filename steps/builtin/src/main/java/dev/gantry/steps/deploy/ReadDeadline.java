package dev.gantry.steps.deploy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The time a client has, from connecting, to send its whole request. Jetty's idle timeout only
 * bounds the time between two bytes, so a client that sends a byte now and then would hold its
 * connection forever; this deadline bounds the whole request instead. When it passes, a request
 * whose body is being read gets a failed read, which its server answers with 408; a connection
 * still sending its request line or headers (or nothing) is answered with 408 here and closed.
 * Either way, the connection is closed by {@link #GRACE} after the deadline at the latest.
 */
final class ReadDeadline implements Connection.Listener {
    /** How long after the deadline a connection is closed whatever it is doing. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final Connector connector;
    private final Duration timeout;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    ReadDeadline(Connector connector, Duration timeout) {
        this.connector = connector;
        this.timeout = timeout;
    }

    /** Returns the message of a 408: the same whether Jetty or the server answers it. */
    String message() {
        return "the request did not arrive within the read timeout of " + timeout.toMillis()
                + " ms, so the connection is closed";
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, connector.getScheduler().schedule(() -> expire(connection), timeout.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Optional.ofNullable(pending.remove(connection)).ifPresent(Scheduler.Task::cancel);
    }

    /** Lifts the deadline of a connection whose request has arrived whole. */
    void received(Connection connection) {
        onClosed(connection);
    }

    private void expire(Connection connection) {
        if (pending.remove(connection) == null) {
            return;
        }
        EndPoint endPoint = connection.getEndPoint();
        TimeoutException timedOut = new TimeoutException(message());
        // As with Jetty's own idle timeout: a request being handled has its pending read failed,
        // and the connection is left to its handler; any other connection is answered here.
        if (connection.onIdleExpired(timedOut)) {
            endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close(failure)), answer());
        }
        connector.getScheduler().schedule(() -> endPoint.close(timedOut), GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ByteBuffer answer() {
        byte[] body = Response.error(408, message()).body();
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer answer = ByteBuffer.allocate(head.length() + body.length);
        answer.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
        return answer;
    }
}

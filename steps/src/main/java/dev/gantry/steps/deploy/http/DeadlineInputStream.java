package dev.gantry.steps.deploy.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input that must arrive before a deadline: each read waits at most until then, and
 * one that would wait longer fails with a 408. A client that trickles a byte now and then is
 * bound by the deadline too, not only one that sends nothing.
 */
final class DeadlineInputStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final Duration timeout;
    private final long deadline;

    DeadlineInputStream(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    private HttpFailure timedOut() {
        return new HttpFailure(408, "the request did not arrive within the read timeout of " + timeout.toMillis()
                + " ms, so the connection is closed");
    }
}

package dev.gantry.engine.spi;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the lines that running steps append to their log files, on one thread for all of
 * them. Steps write their log directly (the kernel appends to the file, or a cluster's job
 * writes it on the shared filesystem), so the log is complete even if the engine dies, and a
 * step costs no thread of its own. An executor makes one and follows each attempt's log with it.
 */
public final class LogFileFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LogFileFollower.class);
    private static final long POLL_MILLIS = 100;

    private final Map<Path, Followed> followed = new ConcurrentHashMap<>();
    private Thread thread;

    /** Starts passing each new line of {@code log} to {@code lines}, looking every 100 ms. */
    public synchronized void follow(Path log, Consumer<String> lines) {
        followed.put(log, new Followed(log.toFile(), lines));
        if (thread == null) {
            thread = new Thread(this::poll, "log-follower");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Passes on what is left of {@code log}, including a last line without a newline, and stops following it. */
    public void finish(Path log) {
        Followed f = followed.remove(log);
        if (f != null) {
            f.drain(true);
        }
    }

    private void poll() {
        while (true) {
            followed.values().forEach(f -> f.drain(false));
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One log file being followed. It is opened when it first holds something: most short
     * steps write nothing, and then one look at the file's length is all they cost.
     */
    private static final class Followed {
        private final File file;
        private final Consumer<String> lines;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream(0);
        private FileInputStream in;
        private byte[] buffer;
        private boolean closed;

        Followed(File file, Consumer<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        synchronized void drain(boolean last) {
            if (closed) {
                return;
            }
            if (in == null && file.length() == 0) {
                closed = last;
                return;
            }
            try {
                if (in == null) {
                    in = new FileInputStream(file);
                    buffer = new byte[8192];
                }
                int n;
                while ((n = in.read(buffer)) > 0) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            partial.write(buffer, start, i - start);
                            emit();
                            start = i + 1;
                        }
                    }
                    partial.write(buffer, start, n - start);
                }
                if (last) {
                    if (partial.size() > 0) {
                        emit();
                    }
                    closed = true;
                    in.close();
                }
            } catch (IOException e) {
                LOG.debug("cannot follow {} any more", file, e);
                lines.accept("[gantry] cannot follow the log any more: " + e.getMessage());
                closed = true;
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                // Nothing more is read from it.
                LOG.debug("cannot close {}: {}", file, e.toString());
            }
        }

        private void emit() {
            lines.accept(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
    }
}

package dev.gantry.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.gantry.engine.spi.SecretMask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's output as the daemon streams it (stdout and stderr, from the start), split
 * into lines that go to the attempt's log file and to the console, with secret values masked. Each stream keeps its own
 * partial line, so stdout and stderr never cut into each other's lines.
 */
final class LogStream extends ResultCallback.Adapter<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);
    private final Path logFile;
    private final Writer log;
    private final Consumer<String> lines;
    private final SecretMask mask;
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private boolean closed;
    /** Whether a failed write was logged: the first says it, the rest would only repeat it. */
    private boolean toldWriteFailed;

    /** A stream into {@code logFile} and {@code lines}, each line masked by {@code mask} before it goes to either. */
    LogStream(Path logFile, Consumer<String> lines, SecretMask mask) throws IOException {
        this.logFile = logFile;
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.lines = lines;
        this.mask = mask;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (closed || frame.getPayload() == null) {
            return;
        }
        ByteArrayOutputStream line = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
        byte[] bytes = frame.getPayload();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start);
                emit(line);
                start = i + 1;
            }
        }
        line.write(bytes, start, bytes.length - start);
        flush();
    }

    @Override
    public void onComplete() {
        finish(null);
        super.onComplete();
    }

    @Override
    public void onError(Throwable error) {
        finish(error);
        super.onError(error);
    }

    /** Waits at most {@code limit} for the stream to end (it ends when the container stops), then closes it. */
    void awaitEnd(Duration limit) {
        try {
            if (!awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("the output stream into {} did not end within {} ms; closing it", logFile, limit.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish(null);
        try {
            close();
        } catch (IOException e) {
            // The stream is over either way.
            LOG.debug("cannot close the output stream into {}: {}", logFile, e.toString());
        }
    }

    private synchronized void finish(Throwable error) {
        if (closed) {
            return;
        }
        for (ByteArrayOutputStream line : partial.values()) {
            if (line.size() > 0) {
                emit(line);
            }
        }
        if (error != null) {
            LOG.debug("the output stream into {} broke off", logFile, error);
            emitText("[gantry] the container's log stream broke off: " + DockerErrors.message(error));
        }
        closed = true;
        try {
            log.close();
        } catch (IOException e) {
            LOG.debug("cannot close {}", logFile, e);
            lines.accept("[gantry] cannot write the log: " + e.getMessage());
        }
    }

    private void emit(ByteArrayOutputStream line) {
        emitText(mask.apply(line.toString(StandardCharsets.UTF_8)));
        line.reset();
    }

    private void emitText(String text) {
        try {
            log.write(text);
            log.write('\n');
        } catch (IOException e) {
            // The console still gets the line; the log's own failure is reported once, at the end.
            if (!toldWriteFailed) {
                toldWriteFailed = true;
                LOG.debug("cannot write to {}", logFile, e);
            }
        }
        lines.accept(text);
    }

    private void flush() {
        try {
            log.flush();
        } catch (IOException ignored) {
            // Reported when the log is closed.
        }
    }
}

package dev.gantry.engine.internal.local;

import dev.gantry.engine.spi.SecretMask;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the output of a step that has secrets from a pipe into its log file, masking every
 * secret value on the way, so that no value ever lands on disk. Whole lines are masked as they
 * end; of a line that is still being written, what cannot be the start of a value is passed on
 * when the step pauses, so the log follows a slow step as it would without a mask.
 */
final class MaskingPump implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MaskingPump.class);
    private final InputStream from;
    private final Path log;
    private final SecretMask mask;
    private final StringBuilder partial = new StringBuilder();

    private MaskingPump(InputStream from, Path log, SecretMask mask) {
        this.from = from;
        this.log = log;
        this.mask = mask;
    }

    /** Starts copying {@code from} into {@code log} on a thread of its own, which ends at end of file. */
    static Thread start(InputStream from, Path log, SecretMask mask, String name) {
        Thread thread = new Thread(new MaskingPump(from, log, mask), "log-mask-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8);
                OutputStream out = new FileOutputStream(log.toFile(), true)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        partial.append(buffer, start, i - start);
                        write(out, mask.apply(partial.toString()) + "\n");
                        partial.setLength(0);
                        start = i + 1;
                    }
                }
                partial.append(buffer, start, n - start);
                if (partial.length() > 0 && !in.ready()) {
                    passOnSafePart(out);
                }
            }
            if (partial.length() > 0) {
                write(out, mask.apply(partial.toString()));
            }
        } catch (IOException e) {
            // The step's output has nowhere to go; the log says so, and the step runs on.
            LOG.debug("the masked log {} stopped", log, e);
            try (OutputStream out = new FileOutputStream(log.toFile(), true)) {
                write(out, "\n[gantry] the log stopped: " + e.getMessage() + "\n");
            } catch (IOException again) {
                // Nothing more can be written: said here, or nowhere.
                LOG.warn("the log {} stopped ({}) and cannot say so: {}", log, e.toString(), again.toString());
            }
        }
    }

    /**
     * Writes the unfinished line but its last characters, which may be the start of a value
     * the next read completes. Masking first is safe: a value that ends in the part passed on
     * was whole in what was masked, and what is held back is masked again with what follows.
     */
    private void passOnSafePart(OutputStream out) throws IOException {
        String masked = mask.apply(partial.toString());
        int cut = masked.length() - Math.min(mask.holdBack(), masked.length());
        if (cut > 0 && Character.isHighSurrogate(masked.charAt(cut - 1))) {
            cut--;
        }
        if (cut > 0) {
            write(out, masked.substring(0, cut));
            partial.setLength(0);
            partial.append(masked, cut, masked.length());
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}

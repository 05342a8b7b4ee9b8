package dev.gantry.engine.internal.local;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The processes of this machine, as {@code /proc} lists them. */
final class ProcessTable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTable.class);
    private static final Path PROC = Path.of("/proc");
    private static final String TOKEN_ENTRY = AttemptToken.VARIABLE + "=";
    private static final AtomicBoolean TOLD_NO_PROC = new AtomicBoolean();

    private ProcessTable() {}

    /** Every process there is now; empty where there is no {@code /proc}. */
    static List<ProcessStat> all() {
        List<ProcessStat> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    ProcessStat.read(Long.parseLong(name)).ifPresent(all::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: nothing can be listed, and the caller falls back on what the JDK knows.
            if (TOLD_NO_PROC.compareAndSet(false, true)) {
                LOG.debug("cannot list the processes in {}: {}", PROC, e.toString());
            }
        }
        return all;
    }

    /**
     * The processes whose pids lie between {@code from} and {@code to}, in that order. Linux hands
     * out pids in increasing order until they wrap around, so when they have not wrapped since
     * {@code from} was handed out, these are all the processes started since: a few for a short
     * step, where {@link #all} reads every process of the machine.
     */
    static List<ProcessStat> between(long from, long to) {
        List<ProcessStat> found = new ArrayList<>();
        for (long pid = from; pid <= to; pid++) {
            ProcessStat.read(pid).ifPresent(found::add);
        }
        return found;
    }

    /** The pid the kernel handed out last, in this pid namespace. */
    static OptionalLong lastPid() {
        byte[] buffer = new byte[32];
        try (FileInputStream in = new FileInputStream("/proc/sys/kernel/ns_last_pid")) {
            int n = in.read(buffer);
            return n <= 0 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(new String(buffer, 0, n, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code GANTRY_ATTEMPT_TOKEN} that {@code pid} started with, if it has one and it can be read. */
    static Optional<String> token(long pid) {
        byte[] environ;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/environ")) {
            environ = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // Entries end in NUL bytes; the token is one whole entry.
        String text = new String(environ, StandardCharsets.ISO_8859_1);
        int at = text.startsWith(TOKEN_ENTRY) ? 0 : text.indexOf("\0" + TOKEN_ENTRY);
        if (at < 0) {
            return Optional.empty();
        }
        int start = text.indexOf('=', at) + 1;
        int end = text.indexOf('\0', start);
        return Optional.of(text.substring(start, end < 0 ? text.length() : end));
    }
}

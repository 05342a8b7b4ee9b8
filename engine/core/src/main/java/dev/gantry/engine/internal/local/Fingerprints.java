package dev.gantry.engine.internal.local;

import dev.gantry.engine.spi.ExecutionException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step's {@code fingerprint:} commands and digests what they print, each distinct
 * command (with its working directory and environment) once per run, however many steps name
 * it. A command that does not exit 0 within {@link #TIMEOUT} fails every step that names it.
 */
final class Fingerprints {
    private static final Logger LOG = LoggerFactory.getLogger(Fingerprints.class);
    /** How long one fingerprint command may run. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** The lines of a failed command's standard error shown in the step's message. */
    private static final int ERROR_LINES = 3;
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

    private final Map<Invocation, Outcome> done = new HashMap<>();

    /** One command as it runs: the arguments filled in, where, and with what environment. */
    private record Invocation(List<String> argv, Path workdir, Map<String, String> environment) {}

    /** What a command printed, by digest, or why it failed. */
    private record Outcome(Optional<String> sha256, Optional<String> failure) {}

    /**
     * The SHA-256 of what {@code argv} prints on standard output.
     *
     * @param program the file to start for {@code argv[0]}, as the step's {@code PATH} finds it
     * @throws ExecutionException naming the step and the command when it cannot start, fails or hangs
     */
    synchronized String output(String step, List<String> argv, String program, Path workdir,
            Map<String, String> environment) {
        Invocation invocation = new Invocation(List.copyOf(argv), workdir, Map.copyOf(environment));
        Outcome outcome = done.get(invocation);
        if (outcome == null) {
            outcome = run(invocation, program);
            done.put(invocation, outcome);
        }
        if (outcome.failure().isPresent()) {
            throw new ExecutionException("step '" + step + "': fingerprint command `" + display(argv) + "` "
                    + outcome.failure().get());
        }
        return outcome.sha256().orElseThrow();
    }

    private static Outcome run(Invocation invocation, String program) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("gantry-fingerprint", ".out");
            err = Files.createTempFile("gantry-fingerprint", ".err");
            List<String> command = new ArrayList<>(invocation.argv());
            command.set(0, program);
            ProcessBuilder builder = new ProcessBuilder(command).directory(invocation.workdir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
            builder.environment().putAll(invocation.environment());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return failed("cannot start: " + e.getMessage());
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return failed("did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
            if (process.exitValue() != 0) {
                return failed("exited with code " + process.exitValue() + errorTail(err));
            }
            return new Outcome(Optional.of(sha256(out)), Optional.empty());
        } catch (IOException e) {
            return failed("could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("was interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static Outcome failed(String why) {
        return new Outcome(Optional.empty(), Optional.of(why));
    }

    /** {@code : LINE; LINE} of the last lines the command wrote on standard error, or nothing. */
    private static String errorTail(Path err) throws IOException {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ": " + String.join("; ", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind harms nothing.
                LOG.debug("cannot remove the temporary file {}: {}", file, e.toString());
            }
        }
    }

    /**
     * The command as a shell would read it back, words that need it in single quotes:
     * {@code sh -c 'pip list | sort'}. Two different commands never read the same.
     */
    static String display(List<String> argv) {
        StringBuilder text = new StringBuilder();
        for (String arg : argv) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(PLAIN_WORD.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return text.toString();
    }
}

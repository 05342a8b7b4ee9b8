package dev.gantry.engine.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A step's host process, with a thread copying its output to the log and the console. */
final class LocalProcess implements RunningStep {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Thread pump;

    LocalProcess(Process process, Path log, Consumer<String> output) throws IOException {
        this.process = process;
        Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        this.pump = new Thread(() -> copy(writer, output), "log-" + log.getFileName());
        pump.setDaemon(true);
        pump.start();
    }

    private void copy(Writer writer, Consumer<String> output) {
        try (writer;
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                output.accept(line);
            }
        } catch (IOException e) {
            output.accept("[gantry] log copy stopped: " + e.getMessage());
        }
    }

    @Override
    public Optional<Integer> waitFor(Optional<Duration> timeout) throws InterruptedException {
        if (timeout.isPresent()) {
            if (!process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } else {
            process.waitFor();
        }
        pump.join();
        return Optional.of(process.exitValue());
    }

    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            pump.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

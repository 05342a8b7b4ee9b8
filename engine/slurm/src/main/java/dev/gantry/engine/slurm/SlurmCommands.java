package dev.gantry.engine.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own commands, run as processes: {@code sbatch}, {@code squeue}, {@code scancel}. Each
 * call is one process and one request to slurmctld, so the executor makes as few as it can: one
 * {@code squeue} a poll for every job it waits for.
 */
class SlurmCommands {
    /** How long one command may take: slurmctld answers in milliseconds unless it is in trouble. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** The fields {@link JobState#parse} reads, each followed by {@code |}. */
    static final String STATE_FORMAT = "JobArrayID:|,State:|,Reason:|,NodeList:|,exit_code:|";

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        /** Slurm's words for what went wrong: its error lines, without the command's name. */
        String error() {
            String text = err.isBlank() ? out : err;
            return text.strip().replaceAll("(?m)^(sbatch|squeue|scancel): (error: )?", "").replace('\n', ' ');
        }
    }

    /** Runs {@code command} with {@code environment} as its whole environment, or the engine's if null. */
    Result run(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " (is Slurm's client installed and on the PATH?): "
                    + e.getMessage(), e);
        }
        try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
            // Small outputs: reading one to its end before the other cannot fill the other's pipe.
            String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not answer in " + LIMIT.toSeconds() + " s");
            }
            return new Result(process.exitValue(), stdout, stderr);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " was interrupted", e);
        }
    }

    Result run(List<String> command) throws IOException {
        return run(command, null);
    }

    /**
     * The states of {@code jobIds}, in one {@code squeue} call; a job Slurm no longer knows is
     * left out. An element of a job array is {@code JOB_INDEX}, as {@code sbatch --array} makes them.
     */
    List<JobState> states(Collection<String> jobIds) throws IOException {
        List<String> command = new ArrayList<>(List.of("squeue", "--noheader", "--states=all", "--array", "--jobs",
                String.join(",", jobIds), "--Format=" + STATE_FORMAT));
        Result result = run(command);
        // squeue fails when none of the ids is known any more ("Invalid job id specified").
        if (!result.ok() && !result.error().contains("Invalid job id")) {
            throw new IOException("squeue failed: " + result.error());
        }
        List<JobState> states = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            JobState.parse(line).ifPresent(states::add);
        }
        return states;
    }

    /** Asks Slurm to end {@code jobId}; an ended job is no error. */
    void cancel(String jobId) throws IOException {
        Result result = run(List.of("scancel", jobId));
        if (!result.ok() && !result.error().contains("Invalid job id") && !result.error().contains("already completing")) {
            throw new IOException("scancel " + jobId + " failed: " + result.error());
        }
    }
}

package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.StepLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Gathers the attempts that start together and would be submitted with the same flags (the same
 * resources, placement and image, such as the trials of a matrix or the steps of a fan-out) into
 * one job array: one {@code sbatch} call and one job record for all of them, instead of one each.
 * The first attempt of a batch waits {@value #WINDOW_MILLIS} ms for others; an attempt that comes
 * alone is a job of its own, as before.
 */
final class JobBatcher {
    /** How long the first attempt of a batch waits for others that can go in the same array. */
    static final long WINDOW_MILLIS = 20;

    /** One attempt to submit, and the flags that decide which array it may join. */
    record Submission(StepLaunch launch, SlurmStep step, Path exitFile, List<String> sharedFlags) {
        Submission {
            sharedFlags = List.copyOf(sharedFlags);
        }

        List<String> key() {
            List<String> key = new ArrayList<>(sharedFlags);
            key.add(0, step.pipeline());
            return key;
        }
    }

    /** Submits a batch, one job or one array, and says each member's job id, in order. */
    interface Submitter {
        List<String> submit(List<Submission> batch) throws IOException;
    }

    private static final class Batch {
        final List<Submission> members = new ArrayList<>();
        final CompletableFuture<List<String>> ids = new CompletableFuture<>();
    }

    private final Submitter submitter;
    private final Map<List<String>, Batch> open = new HashMap<>();

    JobBatcher(Submitter submitter) {
        this.submitter = submitter;
    }

    /** Submits {@code submission}, alone or with others, and returns its job id ({@code JOB} or {@code JOB_INDEX}). */
    String submit(Submission submission) throws IOException {
        List<String> key = submission.key();
        Batch batch;
        int index;
        boolean leader;
        synchronized (this) {
            batch = open.get(key);
            leader = batch == null;
            if (leader) {
                batch = new Batch();
                open.put(key, batch);
            }
            index = batch.members.size();
            batch.members.add(submission);
        }
        if (leader) {
            List<Submission> members;
            try {
                Thread.sleep(WINDOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    open.remove(key);
                    members = List.copyOf(batch.members);
                }
            }
            try {
                batch.ids.complete(submitter.submit(members));
            } catch (IOException | RuntimeException e) {
                batch.ids.completeExceptionally(e);
            }
        }
        try {
            return batch.ids.get().get(index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the job was submitted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }
}

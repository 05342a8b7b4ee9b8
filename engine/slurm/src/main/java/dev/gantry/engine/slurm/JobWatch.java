package dev.gantry.engine.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the jobs the executor submitted, for all its runs' steps at once: at each poll, one
 * {@code squeue} call asks for the state of every job still waited for, never one call per job.
 * Polls come every {@code poll} while jobs are young, and less often as they age
 * ({@link #interval}); a job submitted in between starts the next one at once. A job that ends
 * completes its future; its listener hears its state at every poll.
 *
 * <p>A job Slurm no longer lists (it forgets ended jobs after {@code MinJobAge}, 300 s by
 * default) has ended: how, its batch script wrote to its exit file on the shared filesystem.
 */
final class JobWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);
    /** How long squeue may keep failing before the jobs waited for fail: slurmctld restarts take a while. */
    private static final Duration GIVE_UP = Duration.ofMinutes(3);
    /** How many polls in a row must miss a job before it is taken to be forgotten. */
    private static final int MISSES = 2;

    private final SlurmCommands slurm;
    private final Duration poll;
    private final Map<String, Watched> jobs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    /** When the last poll started, by {@link System#nanoTime}. */
    private long lastPoll = System.nanoTime();

    private static final class Watched {
        final long since = System.nanoTime();
        final Path exitFile;
        final Consumer<JobState> listener;
        final CompletableFuture<JobState> ended = new CompletableFuture<>();
        int misses;

        Watched(Path exitFile, Consumer<JobState> listener) {
            this.exitFile = exitFile;
            this.listener = listener;
        }
    }

    JobWatch(SlurmCommands slurm, Duration poll) {
        this.slurm = slurm;
        this.poll = poll;
        this.thread = new Thread(this::run, "slurm-jobs");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts following {@code jobId}; the future completes with its last state once it has ended.
     *
     * @param exitFile where its batch script writes its exit code
     * @param listener hears its state at each poll, on the watch's thread
     */
    CompletableFuture<JobState> watch(String jobId, Path exitFile, Consumer<JobState> listener) {
        Watched watched = new Watched(exitFile, listener);
        jobs.put(jobId, watched);
        synchronized (this) {
            notifyAll();
        }
        return watched.ended;
    }

    private void run() {
        Optional<Long> failingSince = Optional.empty();
        while (!closed) {
            try {
                awaitNextPoll();
                if (closed) {
                    return;
                }
                lastPoll = System.nanoTime();
                pollOnce();
                failingSince = Optional.empty();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                long now = System.nanoTime();
                failingSince = failingSince.or(() -> Optional.of(now));
                LOG.warn("cannot ask Slurm for the state of {} jobs: {}", jobs.size(), e.getMessage());
                if (now - failingSince.get() > GIVE_UP.toNanos()) {
                    failAll("Slurm did not answer for " + GIVE_UP.toMinutes() + " minutes: " + e.getMessage());
                    failingSince = Optional.empty();
                }
            }
        }
    }

    /**
     * Waits until a poll is due: {@link #interval} after the last one. A job submitted meanwhile
     * wakes this early, to work out again when that is, since a young job is polled for sooner;
     * polls never come closer together than {@code poll}, however many jobs are submitted.
     */
    private synchronized void awaitNextPoll() throws InterruptedException {
        while (!closed) {
            if (jobs.isEmpty()) {
                wait();
                continue;
            }
            long dueInMillis = (lastPoll + interval() * 1_000_000L - System.nanoTime()) / 1_000_000L;
            if (dueInMillis <= 0) {
                return;
            }
            wait(dueInMillis);
        }
    }

    /**
     * How long to wait before the next poll: {@code poll} while some job was submitted in the
     * last 10 seconds (short steps end soon), then at least a second, and at least 5 seconds once
     * every job has waited a minute, so that long jobs do not keep slurmctld busy.
     */
    private long interval() {
        long youngest = Long.MAX_VALUE;
        long now = System.nanoTime();
        for (Watched watched : jobs.values()) {
            youngest = Math.min(youngest, now - watched.since);
        }
        long floor = youngest < 10_000_000_000L ? 0 : youngest < 60_000_000_000L ? 1_000 : 5_000;
        return Math.max(poll.toMillis(), floor);
    }

    private void pollOnce() throws IOException {
        Map<String, Watched> now = new HashMap<>(jobs);
        if (now.isEmpty()) {
            return;
        }
        List<JobState> states = slurm.states(now.keySet());
        for (JobState state : states) {
            Watched watched = now.remove(state.jobId());
            if (watched != null) {
                update(state.jobId(), watched, state);
            }
        }
        // The ones squeue did not list.
        now.forEach((id, watched) -> {
            if (++watched.misses >= MISSES) {
                update(id, watched, forgotten(id, watched.exitFile));
            }
        });
    }

    private void update(String jobId, Watched watched, JobState state) {
        watched.misses = 0;
        try {
            watched.listener.accept(state);
        } catch (RuntimeException e) {
            LOG.warn("the listener of Slurm job {} failed", jobId, e);
        }
        if (state.neverStarts()) {
            try {
                slurm.cancel(jobId);
            } catch (IOException e) {
                LOG.warn("cannot cancel Slurm job {}, which can never start ({}): {}", jobId, state.reason(),
                        e.getMessage());
            }
            state = new JobState(jobId, JobState.NEVER_STARTS, state.reason(), "", 0, 0);
        }
        if (state.ended()) {
            jobs.remove(jobId);
            watched.ended.complete(state);
        }
    }

    /** A job squeue no longer lists: its exit file says how it ended, if it got so far. */
    private static JobState forgotten(String jobId, Path exitFile) {
        try {
            int code = Integer.parseInt(Files.readString(exitFile).strip());
            return new JobState(jobId, code == 0 ? "COMPLETED" : "FAILED", "", "", code, 0);
        } catch (IOException | NumberFormatException e) {
            return new JobState(jobId, JobState.LOST, "Slurm no longer lists the job, and its batch script recorded no"
                    + " exit code (" + exitFile + ")", "", 0, 0);
        }
    }

    private void failAll(String why) {
        for (Map.Entry<String, Watched> e : Map.copyOf(jobs).entrySet()) {
            jobs.remove(e.getKey());
            e.getValue().ended.complete(new JobState(e.getKey(), JobState.LOST, why, "", 0, 0));
        }
    }

    /** Stops following jobs; those still followed are left to Slurm. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits writes on one background thread, as many as are waiting in one transaction. A run
 * of a thousand short steps then costs a few dozen commits instead of three thousand, and
 * a step's worker never waits for the disk. Writes commit in the order they were submitted,
 * so the store always holds a prefix of what happened: after a crash, at worst the last
 * steps' records are missing and those steps run again.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 1000;
    /** How long the writer gathers writes before committing them together. */
    private static final long LINGER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    /** A write, and what to do once its transaction has ended (committed or failed). */
    private record Write(String what, SqlWork work, Runnable afterwards) {
        Write(String what, SqlWork work) {
            this(what, work, () -> {});
        }
    }

    /** Queued by a flush to end the writer's wait at once; never committed. */
    private static final Write WAKE_UP = new Write("wake up", () -> {});

    private final Object lock;
    private final Connection db;
    private final Dialect dialect;
    private final String where;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long submitted;
    private long committed;
    private int flushers;
    private StoreException failure;
    private boolean closed;
    /** Whether the writer is gathering a batch, asleep until the linger ends or someone needs it. */
    private boolean lingering;

    /**
     * @param lock held while the connection is used, by this class and by the store's other users
     * @param db the connection, in auto-commit mode
     * @param where the database, for messages
     */
    GroupCommitter(Object lock, Connection db, Dialect dialect, String where) {
        this.lock = lock;
        this.db = db;
        this.dialect = dialect;
        this.where = where;
        this.thread = new Thread(this::loop, "run-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work} to commit soon. */
    synchronized void submit(String what, SqlWork work) {
        if (closed) {
            throw new StoreException("the run store " + where + " is closed; cannot " + what);
        }
        submitted++;
        queue.add(new Write(what, work));
        if (lingering && queue.size() >= MAX_BATCH) {
            notifyAll();
        }
    }

    /**
     * Runs {@code afterwards} once every write submitted so far has been committed, or has
     * failed, on the writer's thread: for a caller that holds something (a lease on the store's
     * objects) until what it wrote is in the database, without waiting for it. When the writer
     * is closed, it runs at once.
     */
    void afterCommitted(Runnable afterwards) {
        synchronized (this) {
            if (!closed) {
                submitted++;
                queue.add(new Write("release after commit", () -> {}, afterwards));
                return;
            }
        }
        afterwards.run();
    }

    /** Waits until every write submitted so far is committed; throws the first write that failed. */
    synchronized void flush() {
        long target = submitted;
        flushers++;
        if (committed < target) {
            queue.add(WAKE_UP);
            notifyAll();
        }
        try {
            while (committed < target && failure == null) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing the run store " + where);
        } finally {
            flushers--;
        }
        if (failure != null) {
            // A new exception each time: one thrown twice, by a run and then by its close, cannot suppress itself.
            throw new StoreException(failure.getMessage(), failure);
        }
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                add(batch, queue.take());
            } catch (InterruptedException e) {
                LOG.debug("the writer of {} stops; {} write(s) waiting", where, queue.size());
                // What waited on those writes is let go: nothing will commit them now.
                List<Write> left = new ArrayList<>();
                queue.drainTo(left);
                left.forEach(GroupCommitter::runAfterwards);
                return;
            }
            try {
                gather(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (batch.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            StoreException error = commit(batch);
            synchronized (this) {
                committed += batch.size();
                if (error != null && failure == null) {
                    failure = error;
                    // The next flush throws it, and the run reports it.
                    LOG.debug("{}; kept for the next flush", error.getMessage(), error);
                } else if (error != null) {
                    // Only the first failure is thrown: this one is lost unless it is said here.
                    // A full disk is already reported.
                    if (DiskFull.in(error)) {
                        LOG.debug("{}; not reported, an earlier write failed", error.getMessage(), error);
                    } else {
                        LOG.warn("{}; not reported, an earlier write failed", error.getMessage(), error);
                    }
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("committed {} write(s) to {} in {} ms (first: {})", batch.size(), where,
                            (System.nanoTime() - started) / 1_000_000, batch.get(0).what());
                }
                notifyAll();
            }
            for (Write write : batch) {
                runAfterwards(write);
            }
            batch.clear();
        }
    }

    /**
     * Adds what arrives within the linger time, or until a flush is waiting. The writer sleeps
     * through the linger rather than waking for every write (each wake-up would take a core
     * from a running step); a flush, or a batch grown to its limit, ends the sleep early.
     */
    private void gather(List<Write> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        synchronized (this) {
            lingering = true;
            try {
                long left;
                while (flushers == 0 && queue.size() < MAX_BATCH && (left = deadline - System.nanoTime()) > 0) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } finally {
                lingering = false;
            }
        }
        List<Write> more = new ArrayList<>();
        queue.drainTo(more, MAX_BATCH - batch.size());
        more.forEach(w -> add(batch, w));
    }

    private static void runAfterwards(Write write) {
        try {
            write.afterwards().run();
        } catch (RuntimeException e) {
            LOG.warn("after committing '{}': {}", write.what(), e.toString(), e);
        }
    }

    private static void add(List<Write> batch, Write write) {
        if (write != WAKE_UP) {
            batch.add(write);
        }
    }

    private StoreException commit(List<Write> batch) {
        synchronized (lock) {
            String[] current = {batch.get(0).what()};
            try {
                dialect.inTransaction(db, () -> {
                    for (int i = 0; i < batch.size(); i++) {
                        current[0] = batch.get(i).what();
                        batch.get(i).work().run();
                    }
                });
                return null;
            } catch (SQLException | RuntimeException e) {
                if (DiskFull.in(e)) {
                    return new StoreException(DiskFull.message("recording " + current[0].replaceFirst("^record ", ""),
                            where), e);
                }
                return new StoreException("cannot " + current[0] + " in " + where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Waits until every write submitted so far has been committed or has failed, forgetting the
     * failures: for a caller that recovers from a failed write and then reads what the store
     * holds, which no write still queued may change behind its back.
     */
    void drain() {
        while (true) {
            forgetFailure();
            try {
                flush();
                return;
            } catch (StoreException e) {
                // Another batch failed; each failure is a batch done, so this ends.
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    /**
     * Forgets the write that failed, so that what is written next can be committed: once what
     * it would have recorded has been written again.
     */
    synchronized void forgetFailure() {
        failure = null;
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            synchronized (this) {
                closed = true;
            }
            thread.interrupt();
        }
    }
}

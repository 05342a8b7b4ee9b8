package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lock between runs and garbage collection, {@code gc.lock} in the store directory. A run
 * holds it shared (a {@link #share lease}) from the moment it looks a step up in the cache, or
 * starts moving a step's outputs into {@code objects/}, until the record that refers to those
 * objects is committed; garbage collection holds it exclusively while it decides what is kept
 * and removes the rest. So every object a run relies on is either named in a committed record of
 * a running run, which collection keeps, or is looked at again by the run after collection ended
 * (a cache hit then finds the object gone and runs the step).
 *
 * <p>Across processes it is a POSIX record lock on the file (shared or exclusive), which the
 * kernel lets go when a process dies, so a crashed engine never blocks collection. Inside one
 * process, where such locks cannot be taken twice, the leases of all threads share one file
 * lock, and a collector that waits goes before new leases, so a busy engine cannot starve it.
 */
public final class GcLock {
    private static final Map<Path, GcLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private FileChannel channel;
    private FileLock held;
    private int leases;
    private boolean collecting;
    private int collectorsWaiting;

    private GcLock(Path file) {
        this.file = file;
    }

    /** The lock of the store at {@code layout}, one per store in this process. */
    public static GcLock of(StoreLayout layout) {
        return LOCKS.computeIfAbsent(layout.root(), root -> new GcLock(root.resolve("gc.lock")));
    }

    /** Something held until it is closed; closing it twice is harmless. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a lease, waiting while a collection runs in this or another process. */
    public Held share() {
        synchronized (this) {
            try {
                while (collecting || collectorsWaiting > 0) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for garbage collection of " + file.getParent());
            }
            if (leases == 0) {
                held = lock(true);
            }
            leases++;
        }
        return once(this::endLease);
    }

    private synchronized void endLease() {
        leases--;
        if (leases == 0) {
            release();
            notifyAll();
        }
    }

    /** Takes the lock for a collection, waiting until no run of any process holds a lease. */
    public Held collect() {
        synchronized (this) {
            collectorsWaiting++;
            try {
                while (collecting || leases > 0) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the runs of " + file.getParent());
            } finally {
                collectorsWaiting--;
            }
            collecting = true;
            try {
                held = lock(false);
            } catch (RuntimeException e) {
                collecting = false;
                notifyAll();
                throw e;
            }
        }
        return once(() -> {
            synchronized (this) {
                release();
                collecting = false;
                notifyAll();
            }
        });
    }

    private FileLock lock(boolean shared) {
        try {
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            return channel.lock(0, Long.MAX_VALUE, shared);
        } catch (IOException e) {
            throw new StoreException("cannot lock " + file + " against garbage collection: " + e.getMessage(), e);
        }
    }

    private void release() {
        try {
            if (held != null && held.isValid()) {
                held.release();
            }
        } catch (IOException e) {
            throw new StoreException("cannot unlock " + file + ": " + e.getMessage(), e);
        } finally {
            held = null;
        }
    }

    private static Held once(Runnable release) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release.run();
            }
        };
    }
}

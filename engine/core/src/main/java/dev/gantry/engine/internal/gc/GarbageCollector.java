package dev.gantry.engine.internal.gc;

import dev.gantry.engine.api.GcReport;
import dev.gantry.engine.api.KeepReason;
import dev.gantry.engine.api.RetentionPolicy;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.internal.run.CrashedRuns;
import dev.gantry.engine.internal.store.GcLock;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.engine.internal.store.StoreSweep.RunSummary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes old runs, their cache entries and every object that nothing kept refers to: mark, then
 * sweep.
 *
 * <p><b>What is kept.</b> A run is kept when it is running, tagged, named by a registered model
 * version's card, or kept by the {@link RetentionPolicy}. A cache entry is kept when a kept run
 * made it or used it (a rerun of a kept run is then fully cached). An object is kept when a kept
 * run's output, a kept cache entry, or a registered model's card names it; every other object in
 * {@code objects/} goes, whoever left it there.
 *
 * <p><b>Beside running runs.</b> The whole mark and sweep holds the store's {@link GcLock}
 * exclusively. A run holds a lease on it from each cache lookup, and from each move of outputs
 * into {@code objects/}, until the record naming those objects is committed. So when collection
 * reads the store, every object a run has found or made is named in a committed record of a
 * running run, which is kept; and any lookup after the sweep sees the objects as they then are
 * (a hit whose object went is a miss, and the step runs). A dry run takes no lock and removes
 * nothing.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    /** How many threads remove objects at once. */
    private static final int SWEEPERS = 8;

    private final RunStore store;
    private final StoreLayout layout;

    public GarbageCollector(RunStore store) {
        this.store = store;
        this.layout = store.layout();
    }

    /** Collects by {@code policy}; with {@code dryRun}, only counts what would go. */
    public GcReport collect(RetentionPolicy policy, boolean dryRun, Instant now) {
        long started = System.nanoTime();
        RegisteredModels models = RegisteredModels.read(policy.registries());
        CrashedRuns.settleAll(store);
        store.flush();
        try (GcLock.Held lock = dryRun ? () -> {} : store.gcLock().collect()) {
            return sweep(policy, models, dryRun, now, started);
        } catch (IOException e) {
            throw new StoreException("cannot collect garbage in " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    private GcReport sweep(RetentionPolicy policy, RegisteredModels models, boolean dryRun, Instant now, long started)
            throws IOException {
        List<RunSummary> runs = store.sweep().runs();
        Set<String> tagged = new HashSet<>(store.tags().all().values());
        Set<String> keptRuns = new HashSet<>();
        List<String> removedRuns = new ArrayList<>();
        Map<KeepReason, Integer> kept = new EnumMap<>(KeepReason.class);
        Set<String> withinPolicy = withinPolicy(runs, policy, now);
        for (RunSummary run : runs) {
            Optional<KeepReason> reason = reason(run, tagged, models, withinPolicy);
            if (reason.isPresent()) {
                keptRuns.add(run.id());
                kept.merge(reason.get(), 1, Integer::sum);
            } else {
                removedRuns.add(run.id());
            }
        }
        DigestSet keysOfKeptRuns = new DigestSet();
        store.sweep().stepKeys((run, key) -> {
            if (keptRuns.contains(run)) {
                keysOfKeptRuns.add(key);
            }
        });
        List<String> removedEntries = new ArrayList<>();
        DigestSet keptEntries = new DigestSet();
        store.sweep().cacheEntries((key, run) -> {
            if (keptRuns.contains(run) || keysOfKeptRuns.contains(key)) {
                keptEntries.add(key);
            } else {
                removedEntries.add(key);
            }
        });
        DigestSet keptObjects = models.objects;
        store.sweep().outputs((run, sha) -> {
            if (keptRuns.contains(run)) {
                keptObjects.add(sha);
            }
        });
        store.sweep().cacheOutputs((key, outputs) -> {
            if (keptEntries.contains(key)) {
                Matcher digests = DIGEST.matcher(outputs);
                while (digests.find()) {
                    keptObjects.add(digests.group());
                }
            }
        });
        LOG.debug("marked {} kept runs, {} removed, {} cache entries to remove, in {} ms", keptRuns.size(),
                removedRuns.size(), removedEntries.size(), (System.nanoTime() - started) / 1_000_000);
        if (!dryRun) {
            // Records first: a crash after this leaves objects no record names, which the next collection removes.
            store.sweep().remove(removedRuns, removedEntries);
        }
        LOG.debug("records removed at {} ms", (System.nanoTime() - started) / 1_000_000);
        long[] objects = {0, 0};
        long bytes = sweepObjects(keptObjects, dryRun, objects);
        LOG.debug("{} objects removed at {} ms", objects[0], (System.nanoTime() - started) / 1_000_000);
        List<Callable<long[]>> runDirs = new ArrayList<>();
        for (String run : removedRuns) {
            runDirs.add(() -> new long[] {remove(layout.runDir(run), dryRun)});
        }
        bytes += inParallel(runDirs)[0];
        LOG.debug("{} run directories removed at {} ms", removedRuns.size(), (System.nanoTime() - started) / 1_000_000);
        return new GcReport(dryRun, removedRuns, kept, removedEntries.size(), objects[0], objects[1], bytes,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static Optional<KeepReason> reason(RunSummary run, Set<String> tagged, RegisteredModels models,
            Set<String> withinPolicy) {
        if (run.status() == RunStatus.RUNNING) {
            return Optional.of(KeepReason.RUNNING);
        }
        if (tagged.contains(run.id())) {
            return Optional.of(KeepReason.TAGGED);
        }
        if (models.runs.contains(run.id())) {
            return Optional.of(KeepReason.REGISTERED_MODEL);
        }
        return withinPolicy.contains(run.id()) ? Optional.of(KeepReason.POLICY) : Optional.empty();
    }

    /** The runs the policy keeps: each pipeline's newest, or those young enough. */
    private static Set<String> withinPolicy(List<RunSummary> runs, RetentionPolicy policy, Instant now) {
        Set<String> within = new HashSet<>();
        if (!policy.removesRuns()) {
            runs.forEach(r -> within.add(r.id()));
            return within;
        }
        policy.olderThan().ifPresent(age -> runs.stream().filter(r -> r.startedAt().isAfter(now.minus(age)))
                .forEach(r -> within.add(r.id())));
        policy.keepLast().ifPresent(n -> {
            Map<String, List<RunSummary>> byPipeline = new HashMap<>();
            runs.forEach(r -> byPipeline.computeIfAbsent(r.pipeline(), p -> new ArrayList<>()).add(r));
            for (List<RunSummary> ofPipeline : byPipeline.values()) {
                ofPipeline.sort(Comparator.comparing(RunSummary::startedAt).thenComparing(RunSummary::id).reversed());
                ofPipeline.stream().limit(n).forEach(r -> within.add(r.id()));
            }
        });
        return within;
    }

    /**
     * Removes every object not in {@code keep}; counts removed and kept in {@code counts}, returns
     * the bytes. The fan-out directories (and then the runs' directories) are swept on several
     * threads: removing a file waits for
     * the filesystem's journal (and, on a disk mounted with {@code discard}, for the device), and
     * several removals wait together, about twice as fast as one after another.
     */
    private long sweepObjects(DigestSet keep, boolean dryRun, long[] counts) throws IOException {
        Path root = layout.objects();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> fanOut = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (dir.getFileName().toString().length() == 2 && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    fanOut.add(dir);
                }
            }
        }
        keep.seal();
        List<Callable<long[]>> sweeps = new ArrayList<>();
        for (Path dir : fanOut) {
            sweeps.add(() -> sweepFanOut(dir, keep, dryRun));
        }
        long[] total = inParallel(sweeps);
        counts[0] += total[0];
        counts[1] += total[1];
        return total[2];
    }

    /** Runs {@code tasks} on {@link #SWEEPERS} threads and adds up what they return, element by element. */
    private static long[] inParallel(List<Callable<long[]>> tasks) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(SWEEPERS, runnable -> {
            Thread thread = new Thread(runnable, "gc-sweep");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long[] total = new long[3];
            for (Future<long[]> done : workers.invokeAll(tasks)) {
                long[] one = done.get();
                for (int i = 0; i < one.length; i++) {
                    total[i] += one[i];
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing objects", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Sweeps one fan-out directory: {removed, kept, bytes removed}. */
    private static long[] sweepFanOut(Path dir, DigestSet keep, boolean dryRun) throws IOException {
        String prefix = dir.getFileName().toString();
        long[] result = new long[3];
        try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
            for (Path object : names) {
                String sha = prefix + object.getFileName();
                if (!DIGEST.matcher(sha).matches()) {
                    continue; // not an object: left for a person to look at
                }
                if (keep.contains(sha)) {
                    result[1]++;
                } else {
                    result[0]++;
                    result[2] += remove(object, dryRun);
                }
            }
        }
        return result;
    }

    /** Removes a file or tree (unless {@code dryRun}) and returns the bytes its files took. */
    private static long remove(Path path, boolean dryRun) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            return 0;
        }
        long bytes = attributes.isDirectory() ? treeSize(path) : attributes.size();
        if (!dryRun) {
            if (attributes.isDirectory()) {
                ObjectStore.deleteTree(path);
            } else {
                Files.deleteIfExists(path);
            }
        }
        return bytes;
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}

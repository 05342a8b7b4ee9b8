package dev.gantry.engine;

import dev.gantry.engine.api.GcReport;
import dev.gantry.engine.api.RetentionPolicy;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.gc.GarbageCollector;
import dev.gantry.engine.internal.run.ExecutorSelection;
import dev.gantry.engine.internal.run.RunEngine;
import dev.gantry.engine.internal.run.RunPublisher;
import dev.gantry.engine.internal.store.ParsedPipelines;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point for running pipelines from Java, with the same store, cache and results
 * as the {@code gantry} command:
 *
 * <pre>{@code
 * try (Gantry gantry = Gantry.open(Path.of(".gantry"))) {
 *     RunResult result = gantry.run(pipeline.build(), RunOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Steps run where {@link RunOptions#executor()} says, else where the pipeline's
 * {@code executor:} says, else ({@code auto}) in Docker containers when the daemon answers and
 * every step has an image, and as local processes otherwise.
 *
 * <p>A listener {@linkplain #subscribe subscribed} to an instance hears every run it makes, as
 * {@link dev.gantry.engine.api.RunEvent}s; one in {@link RunOptions#withListener} hears one run.
 *
 * <p>One instance runs one pipeline at a time; several instances, in one process or in many,
 * may share a store.
 */
public final class Gantry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gantry.class);

    private final CompletableFuture<RunStore> store;
    private final ParsedPipelines pipelines;
    private final ExecutorSelection executors = new ExecutorSelection();
    private final RunEvents events = new RunEvents();
    private volatile RunEngine current;
    private final Path storeDir;
    private boolean settingsChosen;

    private Gantry(CompletableFuture<RunStore> store, StoreLayout layout) {
        this.store = store;
        this.pipelines = ParsedPipelines.of(layout);
        this.storeDir = layout.root();
    }

    private Gantry(RunStore store) {
        this(CompletableFuture.completedFuture(store), store.layout());
    }

    /** Opens the store in {@code storeDir}, creating it if needed. */
    public static Gantry open(Path storeDir) {
        return new Gantry(RunStore.open(new StoreLayout(storeDir)));
    }

    /**
     * Opens a store whose run records live in PostgreSQL ({@code jdbc:postgresql://HOST/DB?user=...}),
     * shared by a team's machines, with artifacts and logs in {@code storeDir}.
     */
    public static Gantry open(Path storeDir, String databaseUrl) {
        return new Gantry(RunStore.open(new StoreLayout(storeDir), databaseUrl));
    }

    /** Opens the store at {@code location}. */
    public static Gantry open(StoreLocation location) {
        return new Gantry(RunStore.open(location));
    }

    /**
     * Starts opening the store at {@code location} on a thread of its own and returns at once,
     * so that the caller can read its pipeline meanwhile. The first call that needs the store
     * waits for it, and throws what opening it threw.
     */
    public static Gantry openInBackground(StoreLocation location) {
        CompletableFuture<RunStore> store = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            long started = System.nanoTime();
            try {
                RunStore opened = RunStore.open(location);
                LOG.debug("opened the run store {} in {} ms", opened.database(), (System.nanoTime() - started) / 1_000_000);
                store.complete(opened);
            } catch (Throwable e) {
                // Thrown to the first call that needs the store; a run that ends before it (an
                // invalid pipeline file, say) never does.
                LOG.debug("cannot open the run store in {}", location.dir(), e);
                store.completeExceptionally(e);
            }
        }, "open-store");
        opener.setDaemon(true);
        opener.start();
        return new Gantry(store, new StoreLayout(location.dir()));
    }

    private RunStore store() {
        try {
            return store.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Runs a pipeline built in Java. Relative paths in it resolve against
     * {@code options.baseDir()}, by default the working directory.
     *
     * @throws dev.gantry.validation.InvalidPipelineException if a parameter override is unknown
     * @throws dev.gantry.engine.api.PlanException if the selection or a step's resources cannot be planned
     * @throws dev.gantry.engine.spi.ExecutorUnavailableException if the executor asked for cannot run
     *     here, such as Docker when no daemon answers
     * @throws dev.gantry.settings.InvalidSettingsException if the settings file, or the executor's
     *     part of it, is wrong
     */
    public RunResult run(PipelineSpec pipeline, RunOptions options) {
        return run(pipeline, options, Optional.empty());
    }

    /**
     * Reads a pipeline file and runs it; relative paths resolve against the file's directory. A
     * file this store has seen before, unchanged, is not parsed again: its spec comes from the
     * store's {@link ParsedPipelines}.
     */
    public RunResult run(Path pipelineFile, RunOptions options) {
        String text = PipelineYaml.readText(pipelineFile);
        PipelineSpec spec = pipelines.spec(text, () -> PipelineYaml.parse(text, pipelineFile.toString()));
        Path dir = pipelineFile.toAbsolutePath().getParent();
        // Recorded whole, so that reruns, resumes and 'runs' find it from any directory.
        RunOptions resolved = options.withPipelineFile(pipelineFile.toAbsolutePath().normalize());
        return run(spec, options.baseDir().isPresent() ? resolved : resolved.withBaseDir(dir), Optional.of(text));
    }

    /**
     * Uses {@code file}'s settings for the runs this instance starts from now on: the executor
     * runs use where {@link RunOptions#executor()} names none, and each executor's own settings.
     * Without it, the first run reads {@code gantry.yaml} beside the store directory, if there is
     * one ({@link SettingsFile#besideStore}).
     *
     * @return this instance
     */
    public synchronized Gantry useSettings(SettingsFile file) {
        executors.use(file);
        settingsChosen = true;
        return this;
    }

    /**
     * The executors installed here, by name: {@code local} first, then the others by name.
     */
    public static List<String> installedExecutors() {
        try (ExecutorSelection selection = new ExecutorSelection()) {
            return selection.names();
        }
    }

    /**
     * Opens {@code executor} with {@code settings} as a run would, which removes what engines that
     * died left behind (their containers, jobs or pods), and returns what it said it removed.
     *
     * @throws dev.gantry.engine.api.PlanException when no such executor is installed
     * @throws dev.gantry.engine.spi.ExecutorUnavailableException when it cannot be reached
     */
    public static List<String> cleanUp(String executor, SettingsFile settings) {
        try (ExecutorSelection selection = new ExecutorSelection()) {
            selection.use(settings);
            return selection.cleanUp(executor);
        }
    }

    /** Reads {@code gantry.yaml} beside the store before the first run, unless settings were given. */
    private synchronized void settleSettings() {
        if (!settingsChosen) {
            executors.use(SettingsFile.forStore(storeDir));
            settingsChosen = true;
        }
    }

    private RunResult run(PipelineSpec pipeline, RunOptions options, Optional<String> yaml) {
        settleSettings();
        RunPublisher publisher = RunPublisher.forNewRun(pipeline.name(), options.listener(), events);
        RunEngine engine = new RunEngine(store(), executors.choose(pipeline, options, publisher));
        current = engine;
        try {
            return engine.run(pipeline, options, yaml, publisher);
        } finally {
            current = null;
        }
    }

    /**
     * Starts telling {@code listener} every event of every run this instance makes from now on,
     * after the run's own listener (in its {@link RunOptions}) has heard it, until the returned
     * subscription is closed. Listeners hear events in the order they subscribed; one that throws
     * stops neither the run nor the others (see {@link RunEvents}). To hear the runs of several
     * instances in one place, subscribe the same listener to each, or relay them to a hub of your
     * own: {@code gantry.subscribe(hub::publish)}.
     */
    public RunEvents.Subscription subscribe(RunEventListener listener) {
        return events.subscribe(listener);
    }

    /**
     * Waits until everything this instance has recorded so far is committed to the store, such
     * as the record of a run just started: records are written in the background, and a caller
     * that points to a run from elsewhere must not point to one that a crash could lose.
     */
    public void awaitRecorded() {
        store().flush();
    }

    /**
     * The store's record of past runs, read through this instance's connection, which stays
     * open until this instance is closed (closing the history leaves it open).
     */
    public RunHistory history() {
        return RunHistory.over(store(), message -> {});
    }

    /**
     * Removes the runs {@code policy} lets go (with their run directories and cache entries) and
     * every object in the store that nothing kept refers to, and reports what it freed. Kept
     * always: running runs, tagged runs ({@link #tag}) and the runs and objects of the model
     * versions registered in {@link RetentionPolicy#registries()}. Safe beside runs of this and
     * other processes on the same store: an object a running run has looked up or is committing is
     * never removed (see {@code ARCHITECTURE.md}, "Garbage collection"). With {@code dryRun} it only
     * reports what would go.
     *
     * @throws IllegalArgumentException when a registry in the policy cannot be read
     */
    public GcReport collectGarbage(RetentionPolicy policy, boolean dryRun) {
        return new GarbageCollector(store()).collect(policy, dryRun, Instant.now());
    }

    /**
     * Tags run {@code runId} as {@code name}, so that garbage collection keeps it and its objects
     * until the tag is removed; a tag of that name on another run moves here.
     *
     * @throws IllegalArgumentException when the name is not 1 to 100 letters, digits, '.', '-' or
     *     '_', or there is no such run
     */
    public void tag(String runId, String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("tag '" + name + "' is not a valid name: use 1 to 100 letters, digits, "
                    + "'.', '-' or '_', starting with a letter or digit");
        }
        if (store().queries().run(runId).isEmpty()) {
            throw new IllegalArgumentException("no run " + runId + " in the store " + storeDir);
        }
        store().tags().put(name, runId);
    }

    /** The run that tag {@code name} points to, if there is such a tag. */
    public Optional<String> taggedRun(String name) {
        return store().tags().run(name);
    }

    /** Removes the tag {@code name}; returns whether there was one. */
    public boolean untag(String name) {
        return store().tags().remove(name);
    }

    /** Stops the run in progress, if any: its running steps are killed and it ends cancelled. */
    public void cancel() {
        RunEngine engine = current;
        if (engine != null) {
            engine.cancel();
        }
    }

    @Override
    public void close() {
        pipelines.awaitWritten();
        executors.close();
        // A store that could not be opened has nothing to close; whoever used it was told why.
        if (!store.isCompletedExceptionally()) {
            store().close();
        }
    }
}

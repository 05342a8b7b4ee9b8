package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.internal.local.LocalExecutor;
import dev.gantry.engine.spi.ExecutorContext;
import dev.gantry.engine.spi.ExecutorProvider;
import dev.gantry.engine.spi.ExecutorUnavailableException;
import dev.gantry.engine.spi.HostSteps;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.engine.spi.Unsuited;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.settings.Settings;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.Suggestions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the executor of a run among those installed ({@link ExecutorProvider}s on the class
 * path): the run's choice, else the pipeline's, else {@code auto}, which tries the executors that
 * take part in descending rank and takes the first that suits the pipeline and opens, saying in
 * one line why it passed over the others (unless the pipeline plainly was not written for them).
 * Each executor is opened once, on first use, and closed with the selection.
 */
public final class ExecutorSelection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSelection.class);

    private final Map<String, ExecutorProvider> installed;
    private final Map<String, StepExecutor> opened = new HashMap<>();
    private SettingsFile settings = SettingsFile.none();
    /** Made when an executor first asks for it: most runs' executors never do. */
    private HostSteps hostSteps;
    private boolean settingsChecked;

    /**
     * The system property that lists, comma-separated, the provider classes to use instead of
     * searching the class path for them: for a program whose class path is fixed when it is
     * built, such as the CLI's jar, where the search would open and index every jar it has.
     */
    public static final String PROVIDERS_PROPERTY = "gantry.executors";

    /**
     * The executors installed on the class path that loaded Gantry, or those that
     * {@value #PROVIDERS_PROPERTY} lists.
     */
    public ExecutorSelection() {
        this(installed(System.getProperty(PROVIDERS_PROPERTY)));
    }

    private static Iterable<ExecutorProvider> installed(String listed) {
        ClassLoader loader = ExecutorSelection.class.getClassLoader();
        if (listed == null || listed.isBlank()) {
            return ServiceLoader.load(ExecutorProvider.class, loader);
        }
        List<ExecutorProvider> providers = new ArrayList<>();
        for (String name : listed.split(",")) {
            try {
                providers.add(Class.forName(name.strip(), true, loader).asSubclass(ExecutorProvider.class)
                        .getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot load executor provider " + name.strip() + " named by "
                        + PROVIDERS_PROPERTY + ": " + e, e);
            }
        }
        return providers;
    }

    ExecutorSelection(Iterable<ExecutorProvider> providers) {
        Map<String, ExecutorProvider> byName = new LinkedHashMap<>();
        List<ExecutorProvider> sorted = new ArrayList<>();
        providers.forEach(sorted::add);
        // Highest auto rank first, then by name, so that listings and auto's order never vary.
        sorted.sort(Comparator.comparingInt((ExecutorProvider p) -> -p.auto().rank().orElse(Integer.MIN_VALUE))
                .thenComparing(ExecutorProvider::name));
        for (ExecutorProvider provider : sorted) {
            ExecutorProvider clash = byName.putIfAbsent(provider.name(), provider);
            if (clash != null) {
                throw new IllegalStateException("two executors are installed under the name '" + provider.name()
                        + "': " + clash.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        this.installed = byName;
    }

    /**
     * Uses {@code file}'s settings from now on: its default executor, and each executor's own
     * settings when it opens. Executors opened before keep theirs.
     */
    public synchronized void use(SettingsFile file) {
        this.settings = file;
        this.settingsChecked = false;
    }

    /**
     * Checks the settings file: its executors are installed, and each one's part is right, all
     * at once, before any of them opens.
     *
     * @throws dev.gantry.settings.InvalidSettingsException listing every problem
     */
    private void checkSettings() {
        settings.checkExecutors(names());
        for (String name : settings.executorsSet()) {
            try {
                installed.get(name).checkSettings(settings.executor(name));
            } catch (dev.gantry.settings.InvalidSettingsException e) {
                // Its problems are the file's: they are thrown with every other executor's below.
                LOG.debug("the settings of the {} executor are wrong", name);
            }
        }
        settings.check();
    }

    /**
     * Says which settings in the pipeline are for executors not installed here, which no executor
     * reads: a misspelt name ({@code executors: {slrum: ...}}) would otherwise be ignored silently.
     */
    private void noticeUnknownStepSettings(PipelineSpec spec, RunPublisher events) {
        Map<String, List<String>> where = new LinkedHashMap<>();
        spec.defaults().executors().keySet().forEach(name -> where.computeIfAbsent(name, n -> new ArrayList<>())
                .add("its defaults"));
        for (var step : spec.steps().values()) {
            step.executors().keySet().forEach(name -> where.computeIfAbsent(name, n -> new ArrayList<>())
                    .add("step '" + step.name() + "'"));
        }
        where.forEach((name, places) -> {
            if (!installed.containsKey(name)) {
                notice(events, "pipeline '" + spec.name() + "' has settings for executor '" + name + "' in "
                        + String.join(", ", places) + ", which is not installed, so nothing reads them"
                        + Suggestions.didYouMean(name, installed.keySet()) + "; installed: " + String.join(", ", names()));
            }
        });
    }

    /** The names of the installed executors: the local one, then the others by name. */
    public List<String> names() {
        List<String> names = new ArrayList<>(installed.keySet());
        names.sort(Comparator.comparing((String n) -> !n.equals("local")).thenComparing(n -> n));
        return names;
    }

    /**
     * Why {@code choice} names no installed executor, with the name it was probably meant to be;
     * empty when it does ({@code auto} always does).
     *
     * @param source where the choice was made, such as {@code for --executor}, or empty
     */
    public Optional<String> unknown(ExecutorChoice choice, String source) {
        if (choice.isAuto() || installed.containsKey(choice.name())) {
            return Optional.empty();
        }
        return Optional.of("unknown executor '" + choice.name() + "'" + (source.isEmpty() ? "" : " " + source)
                + Suggestions.didYouMean(choice.name(), installed.keySet()) + "; installed: "
                + String.join(", ", names()));
    }

    /**
     * The executor that runs {@code spec} with {@code options}, opened; what the run should know
     * of the choice, such as what {@code auto} passed over, goes to {@code events} as notices.
     */
    public synchronized StepExecutor choose(PipelineSpec spec, RunOptions options, RunPublisher events) {
        if (!settingsChecked) {
            checkSettings();
            settingsChecked = true;
        }
        noticeUnknownStepSettings(spec, events);
        // The configuration file's executor is the site's: it runs pipelines that name another.
        Optional<ExecutorChoice> configured = settings.executor().flatMap(ExecutorChoice::parse);
        ExecutorChoice choice = options.executor().or(() -> configured).or(spec::executor)
                .orElse(ExecutorChoice.AUTO);
        String source = options.executor().isPresent() ? ""
                : configured.isPresent() ? "in " + settings.file().map(Object::toString).orElse(SettingsFile.NAME)
                : "in pipeline '" + spec.name() + "'";
        unknown(choice, source).ifPresent(problem -> {
            throw new PlanException(problem);
        });
        if (!choice.isAuto()) {
            ExecutorProvider provider = installed.get(choice.name());
            Optional<Unsuited> unsuited = provider.unsuited(spec);
            if (unsuited.isPresent()) {
                throw new PlanException(unsuited.get().message());
            }
            return open(provider, events);
        }
        List<String> passedOver = new ArrayList<>();
        for (ExecutorProvider provider : installed.values()) {
            if (provider.auto().rank().isEmpty()) {
                continue;
            }
            Optional<Unsuited> unsuited = provider.unsuited(spec);
            if (unsuited.isPresent()) {
                if (!unsuited.get().meantForAnother()) {
                    passedOver.add(unsuited.get().autoReason());
                }
                continue;
            }
            try {
                StepExecutor executor = open(provider, events);
                Optional<Unsuited> here = executor.unsuitedHere(spec);
                if (here.isPresent()) {
                    passedOver.add(here.get().autoReason());
                    continue;
                }
                passedOver.forEach(why -> notice(events, "running the steps " + provider.describe() + ": " + why));
                return executor;
            } catch (ExecutorUnavailableException e) {
                LOG.debug("auto: the {} executor cannot run here: {}", provider.name(), e.getMessage());
                passedOver.add(e.reason());
            }
        }
        throw new PlanException("no installed executor can run pipeline '" + spec.name() + "'"
                + (passedOver.isEmpty() ? "" : ": " + String.join("; ", passedOver)));
    }

    /**
     * Opens executor {@code name} as a run would, which cleans up after engines that died (their
     * containers, jobs or pods), closes it, and returns what it said of that.
     *
     * @throws PlanException when no executor of that name is installed
     * @throws ExecutorUnavailableException when it cannot be reached
     */
    public List<String> cleanUp(String name) {
        ExecutorProvider provider = installed.get(name);
        if (provider == null) {
            throw new PlanException(ExecutorChoice.parse(name).flatMap(choice -> unknown(choice, ""))
                    .orElse("'" + name + "' is not an executor's name; installed: " + String.join(", ", names())));
        }
        List<String> notices = new ArrayList<>();
        try (StepExecutor executor = provider.open(context(name, notices::add))) {
            return notices;
        }
    }

    private StepExecutor open(ExecutorProvider provider, RunPublisher events) {
        StepExecutor executor = opened.get(provider.name());
        if (executor == null) {
            executor = provider.open(context(provider.name(), message -> notice(events, message)));
            opened.put(provider.name(), executor);
        }
        return executor;
    }

    private synchronized HostSteps hostSteps() {
        if (hostSteps == null) {
            hostSteps = new LocalExecutor();
        }
        return hostSteps;
    }

    /** What executor {@code name} is opened with: its settings, and where its notices go. */
    private ExecutorContext context(String name, Consumer<String> notices) {
        Settings own = settings.executor(name);
        return new ExecutorContext() {
            @Override
            public void notice(String message) {
                notices.accept(message);
            }

            @Override
            public Settings settings() {
                return own;
            }

            @Override
            public HostSteps hostSteps() {
                return ExecutorSelection.this.hostSteps();
            }
        };
    }

    private static void notice(RunPublisher events, String message) {
        events.publish(new RunEvent.Notice(events.runId(), events.pipeline(), Instant.now(), message));
    }

    @Override
    public synchronized void close() {
        opened.values().forEach(StepExecutor::close);
        opened.clear();
    }
}

package dev.gantry.steps.sdk;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What a running step sees: its flag values (from the command line, else the environment,
 * else the defaults), a log, and an Arrow allocator that is closed, and so checked for leaked
 * buffers, when the context is.
 */
public final class StepContext implements AutoCloseable {
    private final Map<String, List<String>> given;
    private final Map<String, String> environment;
    private final PrintStream log;
    private Optional<BufferAllocator> allocator = Optional.empty();

    private StepContext(Map<String, List<String>> given, Map<String, String> environment, PrintStream log) {
        this.given = Map.copyOf(given);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /**
     * Creates a context.
     *
     * @param given the raw values given on the command line, by flag name without dashes
     * @param environment the process environment, where {@code GANTRY_*} variables are looked up
     * @param log where the step's progress lines go (the entry point uses standard error)
     */
    public static StepContext of(Map<String, List<String>> given, Map<String, String> environment, PrintStream log) {
        return new StepContext(given, environment, log);
    }

    /** Starts a context for tests and embedding: flags by name, no environment, log to stderr. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the flag's value, or throws a {@link ParamException} naming the flag when it has none. */
    public <T> T get(Flag<T> flag) {
        return find(flag).orElseThrow(() -> new ParamException("missing --" + flag.name()
                + ": give it on the command line or set " + flag.environmentVariable()));
    }

    /** Returns the flag's value from the command line, the environment or the default, if any. */
    public <T> Optional<T> find(Flag<T> flag) {
        List<String> raw = given.getOrDefault(flag.name(), List.of());
        if (!raw.isEmpty()) {
            return Optional.of(flag.convert(raw, "--" + flag.name()));
        }
        String fromEnvironment = environment.get(flag.environmentVariable());
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(flag.convert(List.of(fromEnvironment), flag.environmentVariable()));
        }
        return flag.defaultValue();
    }

    /** Returns whether the flag was given on the command line or in the environment. */
    public boolean isGiven(Flag<?> flag) {
        return given.containsKey(flag.name()) || environment.containsKey(flag.environmentVariable());
    }

    /** Returns an input's path after checking that it exists. */
    public Path input(Flag<Path> flag) {
        Path path = get(flag);
        if (!Files.exists(path)) {
            throw new ArtifactException(path, "no such file or directory (given as --" + flag.name() + ")");
        }
        return path;
    }

    /** Returns an optional input's path, checked like {@link #input(Flag)} when it is given. */
    public Optional<Path> optionalInput(Flag<Path> flag) {
        return find(flag).isPresent() ? Optional.of(input(flag)) : Optional.empty();
    }

    /** Returns an output's path after creating its parent directory. */
    public Path output(Flag<Path> flag) {
        Path path = get(flag);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new ArtifactException(path, "cannot create the output's directory", e);
        }
        return path;
    }

    /** Returns an optional output's path, prepared like {@link #output(Flag)} when it is given. */
    public Optional<Path> optionalOutput(Flag<Path> flag) {
        return find(flag).isPresent() ? Optional.of(output(flag)) : Optional.empty();
    }

    /** Returns the run id the engine gives in {@code GANTRY_RUN_ID}. */
    public Optional<String> runId() {
        return Optional.ofNullable(environment.get("GANTRY_RUN_ID")).filter(s -> !s.isEmpty());
    }

    /** Returns the step name the engine gives in {@code GANTRY_STEP}. */
    public Optional<String> stepName() {
        return Optional.ofNullable(environment.get("GANTRY_STEP")).filter(s -> !s.isEmpty());
    }

    /** Returns the environment the context looks flags up in. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Writes one progress line to the step's log. */
    public void log(String line) {
        log.println(line);
    }

    /** Returns the step's Arrow allocator, created on first use and closed with the context. */
    public BufferAllocator allocator() {
        if (allocator.isEmpty()) {
            allocator = Optional.of(new RootAllocator());
        }
        return allocator.get();
    }

    /**
     * Closes the allocator. Arrow throws {@link IllegalStateException} here when a buffer was
     * not released, which the entry point reports as an internal error.
     */
    @Override
    public void close() {
        allocator.ifPresent(BufferAllocator::close);
        allocator = Optional.empty();
    }

    /** Builds a context by hand, for tests and for programs that run steps in-process. */
    public static final class Builder {
        private final Map<String, List<String>> given = new HashMap<>();
        private final Map<String, String> environment = new HashMap<>();
        private PrintStream log = System.err;

        private Builder() {}

        /** Sets a flag as if it were given on the command line once. */
        public Builder flag(String name, Object value) {
            given.put(name, List.of(String.valueOf(value)));
            return this;
        }

        /** Sets an environment variable. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Sends the log elsewhere. */
        public Builder log(PrintStream stream) {
            this.log = stream;
            return this;
        }

        /** Returns the context. */
        public StepContext build() {
            return new StepContext(given, environment, log);
        }
    }
}

package dev.gantry.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where each part of a spec was written, so problems found after parsing (references,
 * cycles, parameters) can still point into the file. Keys are dotted paths into the YAML
 * document, such as {@code steps.train}, {@code steps.train.inputs.table} or
 * {@code params.seed}; a path's location is that of its key.
 */
public final class SourceMap {
    /** A source map for a pipeline that was not read from a file. */
    public static final SourceMap NONE = new SourceMap(Map.of());

    private Supplier<Map<String, SourceLocation>> pending;
    private Map<String, SourceLocation> locations;

    private SourceMap(Map<String, SourceLocation> locations) {
        this.locations = locations;
    }

    private SourceMap(Supplier<Map<String, SourceLocation>> pending) {
        this.pending = pending;
    }

    /**
     * A source map that {@code make} builds on its first use. Most files have no problem to
     * locate, and for a large one the map costs more to build than the rest of reading it.
     */
    public static SourceMap whenNeeded(Supplier<SourceMap> make) {
        return new SourceMap(() -> make.get().locations());
    }

    private synchronized Map<String, SourceLocation> locations() {
        if (locations == null) {
            locations = pending.get();
            pending = null;
        }
        return locations;
    }

    /** The location recorded for {@code path}, or for the nearest enclosing path that has one. */
    public Optional<SourceLocation> find(String path) {
        String p = path;
        while (true) {
            SourceLocation l = locations().get(p);
            if (l != null) {
                return Optional.of(l);
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            p = p.substring(0, dot);
        }
    }

    /** A problem at {@code path}, located when this map knows where that is. */
    public Problem problem(String path, String message) {
        return new Problem(find(path), message);
    }

    /** Collects locations while a file is read. */
    public static final class Builder {
        private final Map<String, SourceLocation> locations = new HashMap<>();

        public Builder put(String path, SourceLocation location) {
            locations.putIfAbsent(path, location);
            return this;
        }

        public SourceMap build() {
            return new SourceMap(Map.copyOf(locations));
        }
    }
}

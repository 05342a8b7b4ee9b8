package dev.gantry.engine.internal.run;

import dev.gantry.engine.spi.RunScope;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One run's {@link RunScope}: its directory, its host file digests and the executor's memos. */
final class PreparationScope implements RunScope {
    private final Path baseDir;
    private final Function<Path, String> hostDigest;
    private final Map<Class<?>, Object> memos = new ConcurrentHashMap<>();

    PreparationScope(Path baseDir, Function<Path, String> hostDigest) {
        this.baseDir = baseDir;
        this.hostDigest = hostDigest;
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public String hostDigest(Path path) {
        return hostDigest.apply(path);
    }

    @Override
    public <T> T memo(Class<T> type, Function<RunScope, T> make) {
        return type.cast(memos.computeIfAbsent(type, t -> make.apply(this)));
    }
}

package dev.gantry.engine.internal.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the file a step's program name stands for, the way {@code execvp} would, but once per
 * name and {@code PATH} rather than at every start: the search is done with the step's own
 * {@code PATH} (a step may set one in {@code env:}), and a name that is not found is reported
 * before anything is started. Without it, every start of {@code touch} tries {@code execve}
 * in each {@code PATH} directory ahead of {@code /usr/bin}.
 *
 * <p>Names with a slash are paths and are left alone, as are searches that depend on the
 * working directory (a relative or empty {@code PATH} entry): those go to the operating system
 * as they are. Only found files are remembered, so a program that a step installs is found by
 * the steps after it.
 */
final class ProgramPath {
    private final Map<String, String> found = new ConcurrentHashMap<>();

    /**
     * The program to start for {@code name}: an absolute path when the search could be made
     * here, else {@code name} itself.
     *
     * @throws IOException when no directory of {@code path} holds an executable file of that name
     */
    String resolve(String name, Optional<String> path) throws IOException {
        if (name.isEmpty() || name.indexOf('/') >= 0 || path.isEmpty()) {
            return name;
        }
        String key = path.get() + '\0' + name;
        String known = found.get(key);
        if (known != null) {
            return known;
        }
        boolean searchable = true;
        for (String dir : path.get().split(":", -1)) {
            if (dir.isEmpty() || dir.charAt(0) != '/') {
                searchable = false;
                continue;
            }
            File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute()) {
                if (searchable) {
                    found.put(key, candidate.getPath());
                    return candidate.getPath();
                }
                return name;
            }
        }
        if (!searchable) {
            return name;
        }
        throw new IOException("no executable file of that name in any directory of PATH (" + path.get() + ")");
    }

    /**
     * Where the operating system finds {@code name} on {@code path} for a process that starts
     * in {@code workdir}, relative and empty entries included, for the searches that
     * {@link #resolve} leaves to it; empty when no entry holds such a program.
     */
    Optional<Path> locate(String name, Optional<String> path, Path workdir) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : path.get().split(":", -1)) {
            Path candidate = workdir.resolve(dir.isEmpty() ? "." : dir).resolve(name);
            File file = candidate.toFile();
            if (file.isFile() && file.canExecute()) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }
}

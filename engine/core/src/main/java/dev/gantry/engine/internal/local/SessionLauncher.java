package dev.gantry.engine.internal.local;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts each local attempt in a session (and so a process group) of its own, through
 * util-linux's {@code setsid}, which Debian and most Linux systems install by default: the
 * attempt's process calls {@code setsid()} and then becomes the step's program, with the same
 * pid. Without {@code setsid}, attempts stay in the engine's process group, and their processes
 * are found through their parents and their {@link AttemptToken} alone.
 */
final class SessionLauncher {
    /** Said once, in the output of the first attempt, where {@code setsid} is missing. */
    static final String MISSING = "[gantry] setsid (from util-linux) is not on the engine's PATH, so steps run in"
            + " the engine's own process group; the processes a step starts are still found by their parent and"
            + " by GANTRY_ATTEMPT_TOKEN, and stopped with it";

    private final Optional<String> setsid;

    /** Looks for {@code setsid} in the directories of {@code path}, the engine's {@code PATH}. */
    SessionLauncher(Optional<String> path) {
        this.setsid = find(path.orElse("/usr/bin:/bin"));
    }

    private static Optional<String> find(String path) {
        for (String dir : path.split(":")) {
            if (dir.startsWith("/")) {
                File candidate = new File(dir, "setsid");
                if (candidate.isFile() && candidate.canExecute()) {
                    return Optional.of(candidate.getPath());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether attempts get a session of their own. */
    boolean available() {
        return setsid.isPresent();
    }

    /** {@code command}, to be started in a session of its own where that can be done. */
    List<String> command(List<String> command) {
        if (setsid.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(setsid.get());
        wrapped.addAll(command);
        return wrapped;
    }
}

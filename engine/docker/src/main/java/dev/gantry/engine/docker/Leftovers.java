package dev.gantry.engine.docker;

import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Containers that an engine started and could not remove because it died: found by their
 * labels, and removed when the engine that started them is gone.
 */
final class Leftovers {
    private Leftovers() {}

    /** Removes every leftover container and describes each, such as {@code run R, step S, attempt 1 (abc123def456)}. */
    static List<String> remove(DockerDaemon daemon) {
        List<String> removed = new ArrayList<>();
        List<Container> containers = daemon.client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(Labels.RUN))
                .exec();
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            if (Labels.engineIsGone(labels)) {
                DockerContainer.removeQuietly(daemon, c.getId());
                removed.add("run " + labels.get(Labels.RUN) + ", step " + labels.get(Labels.STEP) + ", attempt "
                        + labels.get(Labels.ATTEMPT) + " (" + c.getId().substring(0, Math.min(12, c.getId().length())) + ")");
            }
        }
        return removed;
    }
}

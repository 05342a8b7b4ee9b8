package dev.gantry.engine.docker;

import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers that an engine started and could not remove because it died: found by their
 * labels, and removed when the engine that started them is gone.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
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
                String what = "run " + labels.get(Labels.RUN) + ", step " + labels.get(Labels.STEP) + ", attempt "
                        + labels.get(Labels.ATTEMPT) + " (" + DockerContainer.shortId(c.getId()) + ")";
                DockerContainer.removeQuietly(daemon, c.getId(), "the leftover container of " + what);
                removed.add(what);
            }
        }
        LOG.debug("{} container(s) of Gantry on the daemon; {} left behind by engines that are gone",
                containers.size(), removed.size());
        return removed;
    }
}

package dev.gantry.engine.cli;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.spi.ExecutorUnavailableException;
import dev.gantry.settings.SettingsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gantry cleanup}: removes what engines that died left behind: Docker containers, Slurm
 * jobs, Kubernetes pods.
 */
@Command(name = "cleanup", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Removes what engines that died left behind: Docker containers, Slurm jobs, Kubernetes pods.",
    "Each carries the engine's host and pid (labels, a job's comment); those of engines still"
        + " running, or of other hosts, are kept. Every run does this too for its executor, before it"
        + " starts. Without --executor, every installed executor that can be reached is cleaned; one"
        + " that cannot is said so and passed over."
})
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--executor", paramLabel = "NAME",
            description = "Cleans up after this executor only (docker, slurm, kubernetes, ...); repeat for more.")
    List<String> executors = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The settings file, with the executors' settings (default: gantry.yaml beside the store"
                    + " directory, if there is one).")
    Optional<Path> config = Optional.empty();

    @Override
    public Integer call() {
        SettingsFile settings = config.map(SettingsFile::read)
                .orElseGet(() -> SettingsFile.forStore(store.dir()));
        boolean named = !executors.isEmpty();
        List<String> chosen = named ? executors
                : Gantry.installedExecutors().stream().filter(name -> !name.equals("local")).toList();
        for (String executor : chosen) {
            try {
                List<String> removed = Gantry.cleanUp(executor, settings);
                System.out.println(executor + ": " + (removed.isEmpty() ? "nothing left behind" : String.join("; ",
                        removed)));
            } catch (ExecutorUnavailableException e) {
                if (named) {
                    throw e;
                }
                System.out.println(executor + ": not reachable, passed over (" + e.reason() + ")");
            }
        }
        return ExitCodes.OK;
    }
}

package dev.gantry.engine.cli;

import dev.gantry.engine.docker.DockerExecutor;
import dev.gantry.engine.docker.DockerSettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gantry cleanup}: removes the containers that engines which died left behind. */
@Command(name = "cleanup", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Removes the Docker containers that a Gantry engine started and left behind when it died.",
    "A container is left behind when the engine process named in its labels (gantry.host, gantry.pid)",
    "is gone; containers of engines still running, or of other hosts, are kept. Every run with the",
    "docker executor does this too, before it starts."})
final class CleanupCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try (DockerExecutor docker = DockerExecutor.connect(DockerSettings.defaults())) {
            List<String> removed = docker.leftoversRemoved();
            if (removed.isEmpty()) {
                System.out.println("no containers left behind (daemon " + docker.daemonAddress() + ")");
            }
            removed.forEach(c -> System.out.println("removed the container of " + c));
        }
        return ExitCodes.OK;
    }
}

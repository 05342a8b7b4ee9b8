package dev.gantry.engine.cli;

import dev.gantry.spec.Durations;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code --poll} option of the commands that watch pipeline files for changes. */
// Without the annotation picocli would read the annotations of every method, looking for subcommands.
@Command(addMethodSubcommands = false)
final class PollOption {
    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s",
            description = "How often the files are checked for changes (default: ${DEFAULT-VALUE}).")
    String poll;

    /** The interval it gives; a usage error when it is not a duration. */
    Duration interval() {
        return Durations.parse(poll).orElseThrow(() -> new UsageException(
                "--poll " + poll + ": not a duration (use a number with ms, s, m or h, like 2s)"));
    }
}

package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code --store} option every command that reads or writes the store takes. */
// Without the annotation picocli would read the annotations of every method, looking for subcommands.
@Command(addMethodSubcommands = false)
final class StoreOption {
    @Option(names = "--store", paramLabel = "DIR",
            description = "The store directory (default: $GANTRY_STORE, else the nearest .gantry directory in the "
                    + "working directory or one above it, as git finds .git, else 'store' in the config file, else "
                    + ".gantry in the working directory).")
    Path given;

    private Path found;
    private StoreLocation location;

    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:GANTRY_DB}",
            description = "A PostgreSQL database for the run records, shared by a team "
                    + "(jdbc:postgresql://HOST:PORT/DB?user=...; default: $GANTRY_DB, else 'db' in the config file "
                    + "$GANTRY_CONFIG or ~/.config/gantry/config.properties, else SQLite in the store).")
    String db;

    /** The store directory: the one given, else the one {@link StoreDiscovery} finds. */
    Path dir() {
        if (found == null) {
            found = given != null ? given : StoreDiscovery.find(Path.of("").toAbsolutePath());
        }
        return found;
    }

    StoreLayout layout() {
        return new StoreLayout(dir());
    }

    /** The store directory and, if given, the database; worked out once, as the config file is read for it. */
    StoreLocation location() {
        if (location == null) {
            Optional<String> url = Optional.ofNullable(db).filter(s -> !s.isBlank()).or(UserConfig::databaseUrl);
            location = new StoreLocation(dir(), url);
        }
        return location;
    }

    /**
     * Opens the store's run history; a store that does not exist is an error, since these
     * commands only read. The step processes stopped for crashed runs are said on standard error.
     */
    RunHistory openHistory() {
        if (location().databaseUrl().isEmpty() && !Files.exists(layout().database())) {
            throw new UsageException("no store at " + dir() + " (nothing has run here yet; "
                    + "use --store DIR to name another store)");
        }
        return RunHistory.open(location(), line -> System.err.println("notice: " + line));
    }

    /** Finds a run by id or unique id prefix, or {@code last} for the newest. */
    RunRecord findRun(RunHistory history, String ref) {
        return history.find(ref).orElseThrow(() -> new UsageException(ref.equals("last")
                ? "the store " + dir() + " has no runs yet"
                : "no run '" + ref + "' in store " + dir() + "; 'gantry runs' lists them"));
    }
}

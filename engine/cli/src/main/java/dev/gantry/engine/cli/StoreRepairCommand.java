package dev.gantry.engine.cli;

import dev.gantry.engine.internal.store.StoreRepair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gantry store repair}: saves what can be read of a damaged SQLite run store. */
@Command(name = "repair", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Repairs a damaged run store (gantry.db): keeps a copy of the damaged file as gantry.db.damaged-TIME,",
    "copies every row SQLite can still read into a new database, says what each table kept, and"
        + " only then puts the new database in place. A file of which nothing can be read is left"
        + " where it is."
})
final class StoreRepairCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        if (store.location().databaseUrl().isPresent()) {
            throw new UsageException("'gantry store repair' repairs the SQLite run store in the store directory; "
                    + "a PostgreSQL database is repaired with PostgreSQL's own tools");
        }
        StoreRepair.Outcome outcome = StoreRepair.repair(store.layout());
        if (outcome.damage().isEmpty()) {
            System.out.println("the run store " + outcome.database() + " is not damaged; nothing to repair");
            return ExitCodes.OK;
        }
        System.out.println("the run store " + outcome.database() + " is damaged (" + outcome.damage().get() + ")");
        System.out.println("kept a copy of it as " + outcome.copy().orElseThrow());
        if (!outcome.repaired()) {
            System.out.println("nothing in it could be read (" + outcome.unreadable().get() + "); it is left in place."
                    + " To start a new store, move it aside: mv " + outcome.database() + " " + outcome.database()
                    + ".broken");
            return ExitCodes.INTERNAL_ERROR;
        }
        long saved = 0;
        boolean lost = false;
        for (StoreRepair.TableCopy table : outcome.tables()) {
            saved += table.saved();
            lost |= table.lost().isPresent();
            System.out.println("  " + table.table() + ": " + rows(table.saved()) + " saved"
                    + table.lost().map(why -> "; not all could be read (" + why + ")").orElse(""));
        }
        System.out.println("repaired: " + outcome.database() + " now holds the " + rows(saved) + " that could be read"
                + (lost ? "; what could not be read is lost" : ""));
        return ExitCodes.OK;
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}

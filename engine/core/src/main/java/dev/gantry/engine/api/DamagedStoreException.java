package dev.gantry.engine.api;

import dev.gantry.error.GantryException;
import java.nio.file.Path;

/**
 * The run store's SQLite file is damaged (truncated, or not a database at all), so it was
 * not opened: nothing was written to it, and it was not replaced by an empty one. The message
 * says what to do: move it aside, or repair it with {@code gantry store repair}.
 */
public final class DamagedStoreException extends GantryException {
    private final Path database;
    private final String damage;

    /**
     * @param database the damaged file
     * @param damage what is wrong with it, such as "file is not a database"
     */
    public DamagedStoreException(Path database, String damage, Throwable cause) {
        super("the run store " + database + " is damaged (" + damage + "); move it aside (mv " + database + " "
                + database + ".broken) or run 'gantry store repair --store " + database.getParent() + "'", cause);
        this.database = database;
        this.damage = damage;
    }

    /** The damaged file. */
    public Path database() {
        return database;
    }

    /** What is wrong with it. */
    public String damage() {
        return damage;
    }

    @Override
    public int exitCode() {
        return STORE_OR_INTERNAL;
    }
}

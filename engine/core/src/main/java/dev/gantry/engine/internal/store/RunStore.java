package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.DamagedStoreException;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.api.StoreLocation;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, step runs, attempts, artifacts, cache entries and schedule fires, in SQLite (the
 * embedded default) or PostgreSQL (for a team). Its parts each do one job: {@link RunRecords}
 * (what runs write), {@link RunQueries} (past runs), {@link CacheIndex} and {@link ScheduleFires}. Every write is one short transaction; in
 * SQLite it takes the write lock up front and the database is in WAL mode, so several Gantry
 * processes can share a store: they wait for each other (up to 30 s) instead of failing,
 * and a reader never blocks a writer.
 */
public final class RunStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private final StoreConnection connection;
    private final CacheIndex cache;
    private final RunRecords records;
    private final RunQueries queries;
    private final ScheduleFires fires;
    private final RunTags tags;
    private final StoreSweep sweep;

    private RunStore(Connection db, Dialect dialect, StoreLayout layout, String where, Optional<CacheLookups> lookups) {
        this.connection = new StoreConnection(db, dialect, layout, where);
        this.cache = new CacheIndex(connection, lookups);
        this.records = new RunRecords(connection, cache);
        this.queries = new RunQueries(connection);
        this.fires = new ScheduleFires(connection);
        this.tags = new RunTags(connection);
        this.sweep = new StoreSweep(connection);
    }

    /** Opens the run store at {@code location}: SQLite in its directory, or its PostgreSQL database. */
    public static RunStore open(StoreLocation location) {
        StoreLayout layout = new StoreLayout(location.dir());
        return location.databaseUrl().map(url -> open(layout, url)).orElseGet(() -> open(layout));
    }

    /** Opens (creating if needed) the store's SQLite database, {@code gantry.db} in the store directory. */
    public static RunStore open(StoreLayout layout) {
        try {
            OwnerOnly.create(layout, true);
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + layout.root() + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "NORMAL");
        props.setProperty("busy_timeout", "30000");
        // Nothing reads generated keys; left on, the driver asks for the last row id after every insert.
        props.setProperty("jdbc.get_generated_keys", "false");
        // Checked before SQLite opens it, which would add files beside it; a damaged file is left as it is.
        Optional<String> damage = DatabaseFile.damage(layout.database());
        if (damage.isPresent()) {
            throw new DamagedStoreException(layout.database(), damage.get(), null);
        }
        return connect("jdbc:sqlite:" + layout.database(), props, Dialect.SQLITE, layout,
                layout.database().toString());
    }

    /**
     * Opens the run store in a PostgreSQL database, such as
     * {@code jdbc:postgresql://db:5432/gantry?user=gantry&password=...}, creating its tables if
     * needed. Artifacts stay in {@code layout}'s objects directory.
     */
    public static RunStore open(StoreLayout layout, String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("unsupported database URL '" + jdbcUrl
                    + "': use jdbc:postgresql://HOST:PORT/DATABASE (or no --db, for the store's own SQLite file)");
        }
        try {
            OwnerOnly.create(layout, false);
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + layout.root() + ": " + e.getMessage(), e);
        }
        return connect(jdbcUrl, new Properties(), Dialect.POSTGRES, layout, redact(jdbcUrl));
    }

    private static RunStore connect(String url, Properties props, Dialect dialect, StoreLayout layout, String where) {
        try {
            long started = System.nanoTime();
            Connection db = dialect == Dialect.SQLITE ? SqliteDriver.connect(url, props)
                    : DriverManager.getConnection(url, props);
            Schema.ensure(db, dialect, where);
            Optional<CacheLookups> lookups = dialect == Dialect.SQLITE
                    ? Optional.of(new CacheLookups(url, props, layout, where)) : Optional.empty();
            LOG.debug("connected to {} in {} ms", where, (System.nanoTime() - started) / 1_000_000);
            return new RunStore(db, dialect, layout, where, lookups);
        } catch (SQLException e) {
            if (dialect == Dialect.SQLITE) {
                throwIfDamaged(layout, e);
            }
            throw new StoreException("cannot open the run store " + where + ": " + e.getMessage(), e);
        }
    }

    /** Throws {@link DamagedStoreException} when {@code e} says the SQLite file is damaged. */
    private static void throwIfDamaged(StoreLayout layout, SQLException e) {
        Optional<String> damage = DatabaseFile.damage(e);
        if (damage.isPresent()) {
            throw new DamagedStoreException(layout.database(), damage.get(), e);
        }
    }

    /** The URL without a password, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** The database, for messages: the SQLite file, or the PostgreSQL URL without its password. */
    public String database() {
        return connection.where;
    }

    /** The layout of the store this database belongs to. */
    public StoreLayout layout() {
        return connection.layout;
    }

    /** What runs write as they go. */
    public RunRecords records() {
        return records;
    }

    /** Past runs, their steps and attempts. */
    public RunQueries queries() {
        return queries;
    }

    /** Which outputs each cache key stands for. */
    public CacheIndex cache() {
        return cache;
    }

    /** The fires of scheduled pipelines. */
    public ScheduleFires fires() {
        return fires;
    }

    /** The runs' tags. */
    public RunTags tags() {
        return tags;
    }

    /** What garbage collection reads and removes. */
    public StoreSweep sweep() {
        return sweep;
    }

    /** The lock between this store's runs and its garbage collection. */
    public GcLock gcLock() {
        return GcLock.of(connection.layout);
    }

    /**
     * Runs {@code afterwards} once every record written so far is committed, without waiting
     * for it: a run lets go of its lease on the objects it recorded then.
     */
    public void afterCommitted(Runnable afterwards) {
        connection.later.afterCommitted(afterwards);
    }

    /** Waits until every background write is committed; throws if one failed. */
    public void flush() {
        connection.later.flush();
    }


    @Override
    public void close() {
        try {
            connection.later.close();
        } finally {
            try {
                cache.close();
            } finally {
                connection.close();
            }
        }
    }
}

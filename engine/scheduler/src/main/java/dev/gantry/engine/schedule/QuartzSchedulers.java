package dev.gantry.engine.schedule;

import dev.gantry.engine.api.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Quartz scheduler for a store: in memory for the embedded SQLite store, or a
 * clustered JDBC job store in the PostgreSQL database of a team's run store, so that several
 * scheduler processes share the triggers, each fire goes to one of them, and the others take
 * over the triggers of one that dies.
 */
final class QuartzSchedulers {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzSchedulers.class);
    private static final AtomicInteger LOCAL = new AtomicInteger();
    private static final String TABLES = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Taken while the Quartz tables are created, so two schedulers starting together do not race. */
    private static final long SETUP_LOCK = 0x67616e747279L;

    private QuartzSchedulers() {}

    /** Whether the scheduler keeps its triggers in the shared database. */
    static boolean isClustered(StoreLocation store) {
        return store.databaseUrl().isPresent();
    }

    static Scheduler create(StoreLocation store, String identity) throws SchedulerException {
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.threadCount", "8");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        if (isClustered(store)) {
            String url = store.databaseUrl().get();
            createTables(url);
            // Every node of a cluster has the same scheduler name and its own instance id.
            props.setProperty("org.quartz.scheduler.instanceName", "gantry");
            props.setProperty("org.quartz.scheduler.instanceId", identity);
            props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            props.setProperty("org.quartz.jobStore.driverDelegateClass",
                    "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            props.setProperty("org.quartz.jobStore.dataSource", "gantry");
            props.setProperty("org.quartz.jobStore.isClustered", "true");
            props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
            props.setProperty("org.quartz.dataSource.gantry.connectionProvider.class",
                    QuartzConnectionProvider.class.getName());
            props.setProperty("org.quartz.dataSource.gantry.url", url);
        } else {
            // Quartz keeps one scheduler per name in a JVM: each local daemon needs its own.
            props.setProperty("org.quartz.scheduler.instanceName", "gantry-" + identity + "-" + LOCAL.incrementAndGet());
            props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        LOG.debug("making a Quartz scheduler {} with {}", props.getProperty("org.quartz.scheduler.instanceName"),
                props.getProperty("org.quartz.jobStore.class"));
        return new StdSchedulerFactory(props).getScheduler();
    }

    /** Creates Quartz's tables from the script in its jar, unless they exist. */
    private static void createTables(String url) throws SchedulerException {
        try (Connection db = DriverManager.getConnection(url)) {
            db.setAutoCommit(false);
            try (Statement st = db.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
                boolean exists;
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('qrtz_triggers') IS NOT NULL")) {
                    exists = rs.next() && rs.getBoolean(1);
                }
                if (!exists) {
                    for (String statement : script().split(";")) {
                        String sql = statement.lines().filter(l -> !l.trim().startsWith("--"))
                                .reduce("", (a, b) -> a + "\n" + b).trim();
                        if (!sql.isEmpty() && !sql.toUpperCase().startsWith("DROP") && !sql.equalsIgnoreCase("commit")) {
                            st.execute(sql);
                        }
                    }
                }
            }
            db.commit();
        } catch (SQLException | IOException e) {
            throw new SchedulerException("cannot create Quartz's tables in the database: " + e.getMessage(), e);
        }
    }

    private static String script() throws IOException {
        try (InputStream in = Scheduler.class.getResourceAsStream(TABLES)) {
            if (in == null) {
                throw new IOException("Quartz's jar has no " + TABLES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

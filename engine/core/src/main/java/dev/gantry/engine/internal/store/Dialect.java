package dev.gantry.engine.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few things SQLite and PostgreSQL do differently for the run store: how a write
 * transaction begins. Every statement the store runs is otherwise the same for both.
 */
enum Dialect {
    /** The embedded default: a file in the store directory, shared by processes on one machine. */
    SQLITE {
        @Override
        void begin(Connection db) throws SQLException {
            try (Statement st = db.createStatement()) {
                // IMMEDIATE takes the write lock up front: a deferred transaction that later
                // needs to write can deadlock with another process.
                st.execute("BEGIN IMMEDIATE");
            }
        }

        @Override
        void commit(Connection db) throws SQLException {
            try (Statement st = db.createStatement()) {
                st.execute("COMMIT");
            }
        }

        @Override
        void rollback(Connection db) throws SQLException {
            try (Statement st = db.createStatement()) {
                st.execute("ROLLBACK");
            }
        }
    },
    /** A server shared by a team's machines and schedulers. */
    POSTGRES {
        @Override
        void begin(Connection db) throws SQLException {
            db.setAutoCommit(false);
        }

        @Override
        void commit(Connection db) throws SQLException {
            try {
                db.commit();
            } finally {
                db.setAutoCommit(true);
            }
        }

        @Override
        void rollback(Connection db) throws SQLException {
            try {
                db.rollback();
            } finally {
                db.setAutoCommit(true);
            }
        }
    };

    /**
     * Makes the current transaction the only one creating the store's tables: two processes
     * that open a new PostgreSQL store at once would otherwise race in CREATE TABLE.
     * SQLite's BEGIN IMMEDIATE already excludes other writers.
     */
    void lockSchema(Statement st) throws SQLException {
        if (this == POSTGRES) {
            st.execute("SELECT pg_advisory_xact_lock(7305514613870391657)");
        }
    }

    abstract void begin(Connection db) throws SQLException;

    abstract void commit(Connection db) throws SQLException;

    abstract void rollback(Connection db) throws SQLException;

    /** Runs {@code work} in one transaction; rolls back and rethrows if it fails. */
    void inTransaction(Connection db, SqlWork work) throws SQLException {
        begin(db);
        try {
            work.run();
            commit(db);
        } catch (SQLException | RuntimeException e) {
            try {
                rollback(db);
            } catch (SQLException rollbackFailed) {
                // SQLite ends a transaction itself when its commit fails for a full disk or an
                // I/O error, and then has none to roll back: the first failure is what happened.
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }
}

package dev.gantry.engine.internal.store;

import java.sql.SQLException;

/** Statements to run inside one transaction. */
interface SqlWork {
    void run() throws SQLException;
}

package dev.gantry.engine.store;

import java.sql.SQLException;

/** Statements to run inside one transaction. */
interface SqlWork {
    void run() throws SQLException;
}

package dev.gantry.engine.schedule;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Gives Quartz's job store connections to the PostgreSQL database of the run store. Quartz
 * sets {@link #setUrl} from its properties; each connection is opened on demand, as the
 * job store uses few and holds them briefly.
 */
public final class QuartzConnectionProvider implements ConnectionProvider {
    private String url;

    /** The JDBC URL; called by Quartz from {@code org.quartz.dataSource.NAME.url}. */
    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void initialize() {
        if (url == null) {
            throw new IllegalStateException("the Quartz data source has no url");
        }
    }

    @Override
    public void shutdown() {
        // Connections are closed by Quartz after each use; there is no pool to close.
    }
}

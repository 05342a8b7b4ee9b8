package dev.gantry.engine.postgres;

import dev.gantry.engine.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place that decides whether PostgreSQL tests run, skip, or (with {@code CI=true})
 * fail, and that makes each test a database of its own on the server named by
 * {@code GANTRY_TEST_POSTGRES} (default: the local server that {@code .ci/run} starts).
 */
public final class PostgresCheck extends RequiredService {
    private static final String SERVER = Optional.ofNullable(System.getenv("GANTRY_TEST_POSTGRES"))
            .orElse("jdbc:postgresql://localhost:5432/%s?user=postgres&password=gantry");

    private static volatile Optional<String> problem;

    /** A new, empty database on the test server, as a JDBC URL. */
    public static String freshDatabase() {
        String name = "gantry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(SERVER.formatted("postgres"));
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test database: " + e.getMessage(), e);
        }
        return SERVER.formatted(name);
    }

    /** The URL of database {@code name} on the test server, which need not exist. */
    public static String urlFor(String name) {
        return SERVER.formatted(name);
    }

    public PostgresCheck() {
        super("PostgreSQL tests", "Start a server (or set GANTRY_TEST_POSTGRES) to run them",
                ".ci/run installs and starts PostgreSQL");
    }

    @Override
    protected Optional<String> problem() {
        if (problem == null) {
            try (Connection admin = DriverManager.getConnection(SERVER.formatted("postgres"))) {
                problem = Optional.empty();
            } catch (SQLException e) {
                problem = Optional.of("no PostgreSQL server at " + SERVER.formatted("postgres").replaceAll(
                        "password=[^&]*", "password=***") + " (" + e.getMessage() + ")");
            }
        }
        return problem;
    }
}

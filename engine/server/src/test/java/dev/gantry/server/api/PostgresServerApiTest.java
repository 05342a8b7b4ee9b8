package dev.gantry.server.api;

import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.postgres.PostgresCheck;
import dev.gantry.engine.postgres.RequiresPostgres;
import java.nio.file.Path;
import java.util.Optional;

/** The HTTP API over a team's store, whose run records are in a real PostgreSQL database. */
@RequiresPostgres
class PostgresServerApiTest extends ServerApiContract {
    @Override
    StoreLocation location(Path dir) {
        return new StoreLocation(dir.resolve("store"), Optional.of(PostgresCheck.freshDatabase()));
    }
}

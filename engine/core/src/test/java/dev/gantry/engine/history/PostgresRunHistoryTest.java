package dev.gantry.engine.history;

import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.postgres.PostgresCheck;
import dev.gantry.engine.postgres.RequiresPostgres;
import java.nio.file.Path;
import java.util.Optional;

/** The run history of a team's store, whose run records live in a real PostgreSQL database. */
@RequiresPostgres
class PostgresRunHistoryTest extends RunHistoryContract {
    @Override
    StoreLocation location(Path dir) {
        return new StoreLocation(dir.resolve("store"), Optional.of(PostgresCheck.freshDatabase()));
    }
}

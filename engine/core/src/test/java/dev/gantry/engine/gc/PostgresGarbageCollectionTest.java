package dev.gantry.engine.gc;

import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.postgres.PostgresCheck;
import dev.gantry.engine.postgres.RequiresPostgres;
import java.nio.file.Path;
import java.util.Optional;

/** Garbage collection of a team's store, whose run records are in a real PostgreSQL database. */
@RequiresPostgres
class PostgresGarbageCollectionTest extends GarbageCollectionContract {
    @Override
    StoreLocation location(Path dir) {
        return new StoreLocation(dir.resolve("store"), Optional.of(PostgresCheck.freshDatabase()));
    }
}

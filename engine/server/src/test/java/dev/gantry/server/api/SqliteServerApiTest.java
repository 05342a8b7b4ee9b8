package dev.gantry.server.api;

import dev.gantry.engine.api.StoreLocation;
import java.nio.file.Path;

/** The HTTP API over a store whose run records are in its own SQLite file. */
class SqliteServerApiTest extends ServerApiContract {
    @Override
    StoreLocation location(Path dir) {
        return StoreLocation.embedded(dir.resolve("store"));
    }
}

package dev.gantry.engine.history;

import dev.gantry.engine.api.StoreLocation;
import java.nio.file.Path;

/** The run history of a store's own SQLite file. */
class SqliteRunHistoryTest extends RunHistoryContract {
    @Override
    StoreLocation location(Path dir) {
        return StoreLocation.embedded(dir.resolve("store"));
    }
}

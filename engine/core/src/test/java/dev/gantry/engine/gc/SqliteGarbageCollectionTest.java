package dev.gantry.engine.gc;

import dev.gantry.engine.api.StoreLocation;
import java.nio.file.Path;

/** Garbage collection of a store whose run records are in its own SQLite file. */
class SqliteGarbageCollectionTest extends GarbageCollectionContract {
    @Override
    StoreLocation location(Path dir) {
        return StoreLocation.embedded(dir.resolve("store"));
    }
}

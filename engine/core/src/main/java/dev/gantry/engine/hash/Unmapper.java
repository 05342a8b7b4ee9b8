package dev.gantry.engine.hash;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps a mapped buffer as soon as it is no longer needed, instead of when the garbage
 * collector finds it: hashing a large file maps it a window at a time, and the windows should
 * not pile up in the address space until the next collection. Uses {@code
 * sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported) up to JDK 23; from JDK 24 on, which
 * warns on stderr when it is called, and wherever it is missing, the collector unmaps the
 * buffer.
 */
final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    /** The first JDK that prints a warning when {@code invokeCleaner} is called. */
    private static final int FIRST_WARNING_JDK = 24;
    private static final Optional<Cleaner> CLEANER = find();

    private Unmapper() {}

    /** Unmaps {@code buffer}, which must not be used afterwards. */
    static void unmap(MappedByteBuffer buffer) {
        CLEANER.ifPresent(c -> c.clean(buffer));
    }

    private record Cleaner(Object unsafe, Method invokeCleaner) {
        void clean(ByteBuffer buffer) {
            try {
                invokeCleaner.invoke(unsafe, buffer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the garbage collector, which unmaps it when the buffer is unreachable.
                LOG.debug("cannot unmap a buffer now; the garbage collector will: {}", e.toString());
            }
        }
    }

    private static Optional<Cleaner> find() {
        if (Runtime.version().feature() >= FIRST_WARNING_JDK) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return Optional.of(new Cleaner(field.get(null), type.getMethod("invokeCleaner", ByteBuffer.class)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot unmap buffers before the garbage collector does: {}", e.toString());
            return Optional.empty();
        }
    }
}

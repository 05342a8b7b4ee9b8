package dev.gantry.engine.hash;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Optional;

/**
 * Unmaps a mapped buffer as soon as it is no longer needed, instead of when the garbage
 * collector finds it: hashing a large file maps it a window at a time, and the windows should
 * not pile up in the address space until the next collection. Uses {@code
 * sun.misc.Unsafe.invokeCleaner}, the JDK's supported way to do it (module jdk.unsupported);
 * where that is missing, the collector unmaps the buffer as before.
 */
final class Unmapper {
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
            }
        }
    }

    private static Optional<Cleaner> find() {
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return Optional.of(new Cleaner(field.get(null), type.getMethod("invokeCleaner", ByteBuffer.class)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package dev.gantry.steps.sdk;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * Loads record batches of an Arrow IPC file without copying them: each batch's body is memory
 * mapped and wrapped as an Arrow buffer, so reading a table from the page cache costs page-table
 * work instead of a copy and a fresh allocation per batch. The mapping is removed as soon as the
 * last vector that uses it lets go of it.
 */
final class MappedBatches {
    private static final Object UNSAFE = unsafe();

    private final FileChannel channel;
    private final BufferAllocator allocator;
    private final VectorLoader loader;

    MappedBatches(FileChannel channel, BufferAllocator allocator, VectorSchemaRoot root) {
        this.channel = channel;
        this.allocator = allocator;
        this.loader = new VectorLoader(root);
    }

    /** Returns whether this process can unmap buffers on release, which mapping needs. */
    static boolean available() {
        return UNSAFE != null;
    }

    /** Returns whether the block can be mapped: a body that one mapping can hold. */
    static boolean canMap(ArrowBlock block) {
        return block.getBodyLength() > 0 && block.getBodyLength() <= Integer.MAX_VALUE;
    }

    /** Loads one record batch into the root's vectors. */
    void load(ArrowBlock block) throws IOException {
        channel.position(block.getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(channel));
        if (message == null || message.headerType() != MessageHeader.RecordBatch) {
            throw new IOException("the block at offset " + block.getOffset() + " is not a record batch");
        }
        long start = block.getOffset() + block.getMetadataLength();
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, block.getBodyLength());
        ArrowBuf body = allocator.wrapForeignAllocation(new Mapping(mapped));
        ArrowRecordBatch batch;
        try {
            // On success this takes over the reference to the body; the vectors then hold their own.
            batch = MessageSerializer.deserializeRecordBatch(message, body);
        } catch (IOException | RuntimeException e) {
            body.getReferenceManager().release();
            throw e;
        }
        try (batch) {
            loader.load(batch);
        }
    }

    /** A mapped region handed to Arrow, unmapped when Arrow releases it. */
    private static final class Mapping extends ForeignAllocation {
        private final MappedByteBuffer mapped;

        Mapping(MappedByteBuffer mapped) {
            super(mapped.capacity(), MemoryUtil.getByteBufferAddress(mapped));
            this.mapped = mapped;
        }

        @Override
        protected void release0() {
            try {
                UNSAFE.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(UNSAFE, mapped);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot unmap a record batch", e);
            }
        }
    }

    private static Object unsafe() {
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}

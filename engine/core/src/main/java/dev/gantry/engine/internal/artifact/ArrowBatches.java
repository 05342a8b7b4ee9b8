package dev.gantry.engine.internal.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Checks the batches of an Arrow IPC file from their metadata alone: each is a message of the
 * kind the footer says, uncompressed (Arrow's Java reader has no codec without an extra module),
 * with as many field nodes and buffers as the schema needs, every buffer inside the batch's body
 * and every batch inside the file's data. These are the checks Arrow's reader makes when it loads
 * a batch, short of reading the body.
 */
final class ArrowBatches {
    /** A message's metadata starts with a continuation marker and its length, 4 bytes each. */
    private static final int CONTINUATION = -1;

    private final FileChannel channel;
    private final long dataEnd;

    /** Batches of the file read through {@code channel}, which must all end by {@code dataEnd}, the footer. */
    ArrowBatches(FileChannel channel, long dataEnd) {
        this.channel = channel;
        this.dataEnd = dataEnd;
    }

    /** How many field nodes and buffers (besides variadic ones) a batch of these fields carries. */
    record Layout(int nodes, int buffers) {
        /** The layout of fields as a batch carries them (see {@link ArrowFiles#inMemory}). */
        static Layout of(List<Field> fields) {
            int nodes = 0;
            int buffers = 0;
            for (Field field : fields) {
                Layout children = of(field.getChildren());
                nodes += 1 + children.nodes();
                buffers += TypeLayout.getTypeBufferCount(field.getType()) + children.buffers();
            }
            return new Layout(nodes, buffers);
        }
    }

    /** Checks dictionary batch {@code index} against the field whose dictionary it holds. */
    void checkDictionary(Block block, int index, Map<Long, Field> dictionaries) throws IOException {
        String which = "dictionary batch " + index;
        Message message = read(block, which, MessageHeader.DictionaryBatch);
        DictionaryBatch dictionary = (DictionaryBatch) message.header(new DictionaryBatch());
        Field values = dictionaries.get(dictionary.id());
        if (values == null || dictionary.data() == null) {
            throw new IOException(which + " holds dictionary " + dictionary.id() + ", which no column uses");
        }
        checkBody(dictionary.data(), message.bodyLength(), which, Layout.of(List.of(ArrowFiles.inMemory(values))));
    }

    /** Checks the batch at {@code block}, a message of type {@code header}, and returns its metadata. */
    RecordBatch check(Block block, String which, byte header, Layout layout) throws IOException {
        Message message = read(block, which, header);
        RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
        checkBody(batch, message.bodyLength(), which, layout);
        if (batch.length() < 0) {
            throw new IOException(which + " has a negative row count, " + batch.length());
        }
        return batch;
    }

    private Message read(Block block, String which, byte header) throws IOException {
        long offset = block.offset();
        long bodyStart = offset + block.metaDataLength();
        if (offset < Integer.BYTES * 2L || block.metaDataLength() <= Integer.BYTES * 2 || block.bodyLength() < 0
                || bodyStart + block.bodyLength() > dataEnd) {
            throw new IOException(which + " lies outside the file's data (offset " + offset + ", metadata "
                    + block.metaDataLength() + " bytes, body " + block.bodyLength() + " bytes, data ends at "
                    + dataEnd + ")");
        }
        // Since Arrow 0.15 a message starts with a continuation marker; before, with its length.
        int first = ArrowFiles.readInt(channel, offset);
        long prefix = first == CONTINUATION ? Integer.BYTES * 2L : Integer.BYTES;
        int length = first == CONTINUATION ? ArrowFiles.readInt(channel, offset + Integer.BYTES) : first;
        if (length <= 0 || prefix + length > block.metaDataLength()) {
            throw new IOException(which + " at offset " + offset + " has a message of " + length
                    + " bytes, which does not fit the " + block.metaDataLength() + " bytes the footer gives it");
        }
        ByteBuffer bytes = ByteBuffer.allocate(length);
        readFully(channel, bytes, offset + prefix);
        Message message = Message.getRootAsMessage(bytes.flip());
        if (message.headerType() != header) {
            throw new IOException(which + " at offset " + offset + " is a " + MessageHeader.name(message.headerType())
                    + " message, not a " + MessageHeader.name(header));
        }
        if (message.bodyLength() < 0 || message.bodyLength() > block.bodyLength()) {
            throw new IOException(which + " has a body of " + message.bodyLength() + " bytes, but the footer gives it "
                    + block.bodyLength());
        }
        return message;
    }

    private static void checkBody(RecordBatch batch, long bodyLength, String which, Layout layout) throws IOException {
        if (batch.compression() != null) {
            throw new IOException(which + " is compressed (" + CompressionType.name(batch.compression().codec())
                    + "), which Arrow's Java reader cannot read without a codec; write it uncompressed");
        }
        long variadic = 0;
        for (int i = 0; i < batch.variadicBufferCountsLength(); i++) {
            variadic += batch.variadicBufferCounts(i);
        }
        if (batch.nodesLength() != layout.nodes() || batch.buffersLength() != layout.buffers() + variadic) {
            throw new IOException(which + " has " + batch.nodesLength() + " field nodes and " + batch.buffersLength()
                    + " buffers, but the schema needs " + layout.nodes() + " and " + (layout.buffers() + variadic));
        }
        Buffer buffer = new Buffer();
        for (int i = 0; i < batch.buffersLength(); i++) {
            batch.buffers(buffer, i);
            if (buffer.offset() < 0 || buffer.length() < 0 || buffer.offset() + buffer.length() > bodyLength) {
                throw new IOException(which + ": buffer " + i + " (offset " + buffer.offset() + ", " + buffer.length()
                        + " bytes) lies outside its body of " + bodyLength + " bytes");
            }
        }
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ends early, at " + (position + buffer.position()) + " bytes");
            }
        }
    }
}

package dev.gantry.engine.internal.artifact;

import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Reads the schema and row count of an Arrow IPC file, which is also the check that it is one.
 *
 * <p>It reads the footer and the metadata of every batch, never their bodies: the store reads the
 * whole file once to hash it, and a second full read here would double the cost of committing a
 * large table. It checks what Arrow's Java reader needs to load each batch (see {@link
 * ArrowBatches}). It parses the footer's flatbuffer itself rather than through Arrow's file
 * reader, whose first use in a JVM costs about half a second of CPU (its {@code Schema} class
 * builds JSON bindings when it loads); the schema is recorded as that reader would print it.
 */
final class ArrowFiles {
    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** The footer's length (int32) and the closing magic. */
    private static final int TRAILER_BYTES = Integer.BYTES + MAGIC.length;

    private ArrowFiles() {}

    static ArtifactInfo describe(Path file, long size) throws InvalidArtifactException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            checkMagic(channel, 0, "start");
            if (size <= 2L * MAGIC.length + Integer.BYTES) {
                throw new IOException("it is too small for an Arrow file: " + size + " bytes");
            }
            checkMagic(channel, size - MAGIC.length, "end");
            int footerLength = readInt(channel, size - TRAILER_BYTES);
            long footerStart = size - TRAILER_BYTES - footerLength;
            if (footerLength <= 0 || footerStart < MAGIC.length) {
                throw new IOException("its footer length " + footerLength + " does not fit a file of " + size
                        + " bytes");
            }
            ByteBuffer footerBytes = ByteBuffer.allocate(footerLength);
            ArrowBatches.readFully(channel, footerBytes, footerStart);
            Footer footer = Footer.getRootAsFooter(footerBytes.flip());
            if (footer.schema() == null) {
                throw new IOException("its footer has no schema");
            }
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < footer.schema().fieldsLength(); i++) {
                fields.add(Field.convertField(footer.schema().fields(i)));
            }
            checkUnions(fields, footer.version());
            ArrowBatches batches = new ArrowBatches(channel, footerStart);
            Map<Long, Field> dictionaries = new HashMap<>();
            fields.forEach(f -> collectDictionaries(f, dictionaries));
            for (int i = 0; i < footer.dictionariesLength(); i++) {
                batches.checkDictionary(footer.dictionaries(i), i, dictionaries);
            }
            List<Field> inMemory = fields.stream().map(ArrowFiles::inMemory).toList();
            ArrowBatches.Layout layout = ArrowBatches.Layout.of(inMemory);
            long rows = 0;
            for (int i = 0; i < footer.recordBatchesLength(); i++) {
                Block block = footer.recordBatches(i);
                rows += batches.check(block, "record batch " + i, MessageHeader.RecordBatch, layout).length();
            }
            return new ArtifactInfo(ArtifactType.ARROW, size, Optional.of(rows),
                    Optional.of(schemaText(inMemory, metadata(footer))));
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("declared as arrow, but it is not a readable Arrow IPC file ("
                    + ArtifactInspector.firstLine(e.getMessage()) + "); write it with an Arrow "
                    + "file writer, or declare the output as 'file'");
        }
    }

    private static void checkMagic(FileChannel channel, long position, String where) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(MAGIC.length);
        if (channel.read(bytes, position) < MAGIC.length || !bytes.flip().equals(ByteBuffer.wrap(MAGIC))) {
            throw new IOException("it does not " + where + " with the Arrow magic ARROW1");
        }
    }

    static int readInt(FileChannel channel, long position) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ArrowBatches.readFully(channel, bytes, position);
        return bytes.getInt(0);
    }

    /** Arrow's Java reader refuses unions in files of metadata version 4, whose union layout differs. */
    private static void checkUnions(List<Field> fields, short version) throws IOException {
        if (version >= MetadataVersion.V5) {
            return;
        }
        for (Field field : fields) {
            if (field.getType() instanceof ArrowType.Union) {
                throw new IOException("column '" + field.getName() + "' is a union, which Arrow cannot read from a "
                        + "file of metadata version 4; write it with version 5");
            }
            checkUnions(field.getChildren(), version);
        }
    }

    /** Collects the dictionary-encoded fields, by dictionary id, to check their dictionary batches. */
    private static void collectDictionaries(Field field, Map<Long, Field> dictionaries) {
        if (field.getDictionary() != null) {
            dictionaries.put(field.getDictionary().getId(),
                    new Field("DICT" + field.getDictionary().getId(),
                            new FieldType(field.isNullable(), field.getType(), null, null), field.getChildren()));
        }
        field.getChildren().forEach(c -> collectDictionaries(c, dictionaries));
    }

    /**
     * The field as a record batch carries it, and as Arrow's reader shows it: a dictionary-encoded
     * field holds indices, of the encoding's index type, and its values live in the dictionary.
     */
    static Field inMemory(Field field) {
        if (field.getDictionary() == null && field.getChildren().isEmpty()) {
            return field;
        }
        if (field.getDictionary() == null) {
            return new Field(field.getName(), field.getFieldType(),
                    field.getChildren().stream().map(ArrowFiles::inMemory).toList());
        }
        ArrowType.Int index = field.getDictionary().getIndexType() != null
                ? field.getDictionary().getIndexType() : new ArrowType.Int(32, true);
        return new Field(field.getName(),
                new FieldType(field.isNullable(), index, field.getDictionary(), field.getMetadata()), null);
    }

    private static Map<String, String> metadata(Footer footer) {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < footer.schema().customMetadataLength(); i++) {
            KeyValue kv = footer.schema().customMetadata(i);
            metadata.put(kv.key() == null ? "" : kv.key(), kv.value() == null ? "" : kv.value());
        }
        return metadata;
    }

    /** The schema as Arrow's {@code Schema.toString()} prints it. */
    static String schemaText(List<Field> fields, Map<String, String> metadata) {
        String meta = metadata.isEmpty() ? "" : "(metadata: " + metadata + ")";
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "Schema<", ">")) + meta;
    }
}

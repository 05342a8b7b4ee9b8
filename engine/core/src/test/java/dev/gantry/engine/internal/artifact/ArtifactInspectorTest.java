package dev.gantry.engine.internal.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.spec.ArtifactType;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactInspectorTest {
    private static final String INVALID = "declared as arrow, but it is not a readable Arrow IPC file (";
    private static final String FIX = "); write it with an Arrow file writer, or declare the output as 'file'";

    @TempDir
    Path dir;

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void arrowTableGivesItsRowCountOverEveryBatchAndItsSchema() throws Exception {
        Path table = writeIds(dir.resolve("t.arrow"), 3, 1000);

        ArtifactInfo info = ArtifactInspector.inspect(table, ArtifactType.ARROW);

        assertThat(info.rows()).contains(3000L);
        assertThat(info.schema()).contains("Schema<id: Int(64, true)>");
        assertThat(info.sizeBytes()).isEqualTo(Files.size(table));
    }

    @Test
    void tableWithoutBatchesHasNoRows() throws Exception {
        Path table = writeIds(dir.resolve("empty.arrow"), 0, 0);

        assertThat(ArtifactInspector.inspect(table, ArtifactType.ARROW).rows()).contains(0L);
    }

    @Test
    void schemaReadsAsArrowsFileReaderPrintsIt() throws Exception {
        Path table = writeRichTable(dir.resolve("rich.arrow"));

        ArtifactInfo info = ArtifactInspector.inspect(table, ArtifactType.ARROW);

        try (FileChannel channel = FileChannel.open(table);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            assertThat(info.schema()).contains(reader.getVectorSchemaRoot().getSchema().toString());
            assertThat(info.rows()).contains(2L);
        }
        assertThat(info.schema().orElseThrow()).contains("[dictionary: 7]").contains("(metadata: {origin=test})");
    }

    @Test
    void fileThatIsNotArrowIsRejectedSayingWhy() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "id,name\n1,a\n2,b\n");

        assertThat(problem(csv)).isEqualTo(INVALID + "it does not start with the Arrow magic ARROW1" + FIX);
    }

    @Test
    void tableCutShortIsRejected() throws Exception {
        Path table = writeIds(dir.resolve("t.arrow"), 2, 1000);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        assertThat(problem(table)).isEqualTo(INVALID + "it does not end with the Arrow magic ARROW1" + FIX);
    }

    @Test
    void batchWhoseMessageIsOverwrittenIsRejected() throws Exception {
        Path table = writeIds(dir.resolve("t.arrow"), 2, 1000);
        ArrowBlock second = blocks(table).get(1);
        overwrite(table, second.getOffset(), new byte[8]);

        assertThat(problem(table)).isEqualTo(INVALID + "record batch 1 at offset " + second.getOffset()
                + " has a message of 0 bytes, which does not fit the " + second.getMetadataLength()
                + " bytes the footer gives it" + FIX);
    }

    @Test
    void batchThatRunsIntoTheFooterIsRejected() throws Exception {
        Path table = writeIds(dir.resolve("t.arrow"), 2, 1000);
        ArrowBlock last = blocks(table).get(1);
        long footerStart = Files.size(table) - 10 - footerLength(table);
        // The footer's Block struct: offset (int64), metadata length (int32), padding, body length (int64).
        ByteBuffer block = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(last.getOffset()).putInt(last.getMetadataLength()).putInt(0).putLong(last.getBodyLength());
        byte[] bytes = Files.readAllBytes(table);
        int at = indexOf(bytes, block.array(), (int) footerStart);
        overwrite(table, at + 16, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(last.getBodyLength() + 64).array());

        assertThat(problem(table)).isEqualTo(INVALID + "record batch 1 lies outside the file's data (offset "
                + last.getOffset() + ", metadata " + last.getMetadataLength() + " bytes, body "
                + (last.getBodyLength() + 64) + " bytes, data ends at " + footerStart + ")" + FIX);
    }

    @Test
    void metricsAndFilesAreCheckedByTheirOwnRules() throws Exception {
        Path metrics = Files.writeString(dir.resolve("m.json"), "{\"accuracy\": 0.9, \"name\": \"x\"}");

        InvalidArtifactException e = catchThrowableOfType(InvalidArtifactException.class,
                () -> ArtifactInspector.inspect(metrics, ArtifactType.METRICS));

        assertThat(e.getMessage()).isEqualTo("declared as metrics, but 'name' is not a number (was \"x\")");
        assertThat(ArtifactInspector.inspect(metrics, ArtifactType.FILE).rows()).isEmpty();
    }

    private static String problem(Path table) {
        return catchThrowableOfType(InvalidArtifactException.class,
                () -> ArtifactInspector.inspect(table, ArtifactType.ARROW)).getMessage();
    }

    private Path writeIds(Path file, int batches, int rowsPerBatch) throws Exception {
        try (BigIntVector id = new BigIntVector("id", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id);
                FileOutputStream out = new FileOutputStream(file.toFile());
                ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
            writer.start();
            for (int b = 0; b < batches; b++) {
                id.allocateNew(rowsPerBatch);
                for (int i = 0; i < rowsPerBatch; i++) {
                    id.set(i, (long) b * rowsPerBatch + i);
                }
                root.setRowCount(rowsPerBatch);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    /** Two rows of a dictionary-encoded text column, a list column and a struct column, with schema metadata. */
    private Path writeRichTable(Path file) throws Exception {
        DictionaryEncoding encoding = new DictionaryEncoding(7, false, new ArrowType.Int(16, true));
        try (VarCharVector values = new VarCharVector("colour", allocator);
                VarCharVector plain = new VarCharVector("colour", allocator);
                ListVector list = ListVector.empty("scores", allocator);
                StructVector struct = StructVector.empty("point", allocator)) {
            values.allocateNew();
            values.setSafe(0, "red".getBytes(StandardCharsets.UTF_8));
            values.setSafe(1, "blue".getBytes(StandardCharsets.UTF_8));
            values.setValueCount(2);
            plain.allocateNew();
            plain.setSafe(0, "blue".getBytes(StandardCharsets.UTF_8));
            plain.setSafe(1, "red".getBytes(StandardCharsets.UTF_8));
            plain.setValueCount(2);
            Dictionary dictionary = new Dictionary(values, encoding);
            UnionListWriter lists = list.getWriter();
            for (int row = 0; row < 2; row++) {
                lists.setPosition(row);
                lists.startList();
                lists.integer().writeInt(row);
                lists.endList();
            }
            list.setValueCount(2);
            IntVector x = struct.addOrGet("x", FieldType.notNullable(new ArrowType.Int(32, true)), IntVector.class);
            for (int row = 0; row < 2; row++) {
                x.setSafe(row, row * 10);
                struct.setIndexDefined(row);
            }
            struct.setValueCount(2);
            try (FieldVector colour = (FieldVector) DictionaryEncoder.encode(plain, dictionary)) {
                List<Field> fields = List.of(colour.getField(), list.getField(), struct.getField());
                try (VectorSchemaRoot root = new VectorSchemaRoot(
                                new org.apache.arrow.vector.types.pojo.Schema(fields, Map.of("origin", "test")),
                                List.of(colour, list, struct), 2);
                        FileOutputStream out = new FileOutputStream(file.toFile());
                        ArrowFileWriter writer = new ArrowFileWriter(root,
                                new DictionaryProvider.MapDictionaryProvider(dictionary), out.getChannel())) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
            }
        }
        return file;
    }

    private List<ArrowBlock> blocks(Path table) throws Exception {
        try (FileChannel channel = FileChannel.open(table);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            return reader.getRecordBlocks();
        }
    }

    private static int footerLength(Path table) throws Exception {
        byte[] bytes = Files.readAllBytes(table);
        return ByteBuffer.wrap(bytes, bytes.length - 10, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(at);
            out.write(bytes);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("the footer holds no such block");
    }
}

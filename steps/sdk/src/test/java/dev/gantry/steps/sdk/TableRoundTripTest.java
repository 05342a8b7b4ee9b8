package dev.gantry.steps.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRoundTripTest {
    @TempDir
    Path dir;

    private static final Schema SCHEMA = new Schema(List.of(
            ColumnTypes.column("id", ColumnTypes.INT64),
            ColumnTypes.column("x", ColumnTypes.FLOAT64),
            ColumnTypes.column("name", ColumnTypes.STRING),
            ColumnTypes.column("flag", ColumnTypes.BOOL)));

    @Test
    void aTableWrittenInBatchesReadsBackTheSameValuesWithItsNulls() {
        Path file = dir.resolve("t.arrow");
        writeThreeBatches(file);
        List<String> rows = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            assertThat(reader.batchCount()).isEqualTo(3);
            while (reader.next()) {
                starts.add(reader.batchStart());
                for (int i = 0; i < reader.batch().getRowCount(); i++) {
                    rows.add(Columns.display(reader.column("id"), i) + " " + Columns.display(reader.column("x"), i)
                            + " " + Columns.display(reader.column("name"), i) + " "
                            + Columns.display(reader.column("flag"), i));
                }
            }
        }
        assertThat(starts).containsExactly(0L, 4L, 8L);
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0)).isEqualTo("0 0.0 'row 0' true");
        assertThat(rows.get(3)).isEqualTo("null null null null");
        assertThat(rows.get(9)).isEqualTo("9 4.5 'row 9' false");
    }

    @Test
    void theSameRowsInTheSameBatchesGiveTheSameBytes() throws Exception {
        writeThreeBatches(dir.resolve("a.arrow"));
        writeThreeBatches(dir.resolve("b.arrow"));
        assertThat(Files.readAllBytes(dir.resolve("a.arrow"))).isEqualTo(Files.readAllBytes(dir.resolve("b.arrow")));
    }

    @Test
    void aWriterClosedWithoutFinishingLeavesNoFileBehind() throws Exception {
        Path file = dir.resolve("t.arrow");
        try (RootAllocator allocator = new RootAllocator();
                TableWriter writer = TableWriter.create(file, SCHEMA, allocator, 16)) {
            writer.vector("id", BigIntVector.class).setSafe(0, 1);
            writer.writeBatch(1);
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void readingAFileThatIsNotArrowNamesTheFile() throws Exception {
        Path file = dir.resolve("t.arrow");
        Files.writeString(file, "id,x\n1,2\n");
        try (RootAllocator allocator = new RootAllocator()) {
            assertThatThrownBy(() -> TableReader.open(file, allocator))
                    .isInstanceOf(ArtifactException.class)
                    .hasMessageStartingWith(file + ": not a readable Arrow IPC file (");
        }
    }

    @Test
    void readingAMissingFileSaysSo() {
        Path file = dir.resolve("missing.arrow");
        try (RootAllocator allocator = new RootAllocator()) {
            assertThatThrownBy(() -> TableReader.open(file, allocator)).hasMessage(file + ": no such file");
        }
    }

    @Test
    void askingForAMissingColumnListsTheColumnsThereAre() {
        Path file = dir.resolve("t.arrow");
        writeThreeBatches(file);
        try (RootAllocator allocator = new RootAllocator(); TableReader reader = TableReader.open(file, allocator)) {
            assertThatThrownBy(() -> reader.column("y")).isInstanceOf(DataException.class).hasMessage(file
                    + ": column 'y': no such column; the table has id (int64), x (float64), name (string), flag (bool)");
        }
    }

    @Test
    void aReaderThatStopsHalfWayReleasesEveryBuffer() {
        Path file = dir.resolve("t.arrow");
        writeThreeBatches(file);
        RootAllocator allocator = new RootAllocator();
        try (TableReader reader = TableReader.open(file, allocator)) {
            reader.next();
            assertThat(allocator.getAllocatedMemory()).isPositive();
        }
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private static void writeThreeBatches(Path file) {
        try (RootAllocator allocator = new RootAllocator();
                TableWriter writer = TableWriter.create(file, SCHEMA, allocator, 4)) {
            int row = 0;
            for (int i = 0; i < 10; i++) {
                if (i == 3) {
                    setNulls(writer, row);
                } else {
                    writer.vector("id", BigIntVector.class).setSafe(row, i);
                    writer.vector("x", Float8Vector.class).setSafe(row, i / 2.0);
                    Columns.setString(writer.vector("name", VarCharVector.class), row, "row " + i);
                    writer.vector("flag", BitVector.class).setSafe(row, i % 2 == 0 ? 1 : 0);
                }
                if (++row == 4) {
                    writer.writeBatch(row);
                    row = 0;
                }
            }
            writer.writeBatch(row);
            writer.finish();
        }
    }

    private static void setNulls(TableWriter writer, int row) {
        writer.root().getFieldVectors().forEach(v -> v.setNull(row));
    }
}

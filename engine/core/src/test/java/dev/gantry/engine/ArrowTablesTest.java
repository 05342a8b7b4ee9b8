package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.api.StoreException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowTablesTest {
    @TempDir
    Path dir;

    /** Two batches: rows 1 to 3, then 4 and 5; row 2's score and row 5's name are null. */
    private Path twoBatches() throws Exception {
        Path file = dir.resolve("t.arrow");
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector id = new BigIntVector("id", allocator);
                Float8Vector score = new Float8Vector("score", allocator);
                VarCharVector name = new VarCharVector("name", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id, score, name);
                FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, out)) {
            writer.start();
            int row = 1;
            for (int batch : new int[] {3, 2}) {
                root.allocateNew();
                for (int i = 0; i < batch; i++, row++) {
                    id.setSafe(i, row);
                    if (row == 2) {
                        score.setNull(i);
                    } else {
                        score.setSafe(i, row / 2.0);
                    }
                    if (row == 5) {
                        name.setNull(i);
                    } else {
                        name.setSafe(i, ("r" + row).getBytes(StandardCharsets.UTF_8));
                    }
                }
                root.setRowCount(batch);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    @Test
    void aPageSpanningTwoBatchesHoldsPlainValuesAndNulls() throws Exception {
        ArrowTables.Page page = ArrowTables.page(twoBatches(), 2, 3);

        assertThat(page.columns()).containsExactly(new ArrowTables.Column("id", "Int(64, true)", true),
                new ArrowTables.Column("score", "FloatingPoint(DOUBLE)", true),
                new ArrowTables.Column("name", "Utf8", true));
        assertThat(page.offset()).isEqualTo(2);
        assertThat(page.rows()).containsExactly(Arrays.asList(3L, 1.5, "r3"), Arrays.asList(4L, 2.0, "r4"),
                Arrays.asList(5L, 2.5, null));
    }

    @Test
    void eachRowGivesEveryRowInOrder() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        ArrowTables.eachRow(twoBatches(), rows::add);

        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).containsExactly(2L, null, "r2");
        assertThat(rows.get(4).get(0)).isEqualTo(5L);
    }

    @Test
    void aFileThatIsNoArrowTableIsAStoreErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("not.arrow"), "id,name\n1,a\n");

        assertThatThrownBy(() -> ArrowTables.page(file, 0, 10)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot read the Arrow table " + file + ": ");
    }
}

package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.ArtifactType;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowOutputTest {
    @TempDir
    Path dir;

    private RunResult copyAsArrow(Path source) {
        Pipeline p = Pipeline.named("arrow");
        p.step("copy").command("cp", "${inputs.src}", "${outputs.table}")
                .inputFile("src", source.getFileName().toString())
                .output("table", ArtifactType.ARROW);
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir));
        }
    }

    @Test
    void arrowOutputIsCheckedAndItsRowsAndSchemaRecorded() throws Exception {
        Path table = dir.resolve("table.arrow");
        writeTable(table, 2, 1000);

        RunResult result = copyAsArrow(table);

        OutputArtifact out = result.step("copy").orElseThrow().outputs().get("table");
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(out.rows()).contains(2000L);
        assertThat(out.schema()).contains("Schema<id: Int(64, true), name: Utf8>");
    }

    @Test
    void fileThatIsNotArrowFailsTheStepWithAClearMessage() throws Exception {
        Path csv = dir.resolve("table.csv");
        Files.writeString(csv, "id,name\n1,a\n");

        RunResult result = copyAsArrow(csv);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("copy").orElseThrow().message().orElseThrow()).startsWith(
                "output 'table' of step 'copy': declared as arrow, but it is not a readable Arrow IPC file (")
                .endsWith("); write it with an Arrow file writer, or declare the output as 'file'");
        assertThat(dir.resolve("store/objects/sha256")).doesNotExist();
    }

    static void writeTable(Path file, int batches, int rowsPerBatch) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector id = new BigIntVector("id", allocator);
                VarCharVector name = new VarCharVector("name", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id, name);
                FileOutputStream out = new FileOutputStream(file.toFile());
                ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
            writer.start();
            for (int b = 0; b < batches; b++) {
                id.allocateNew(rowsPerBatch);
                name.allocateNew(rowsPerBatch);
                for (int i = 0; i < rowsPerBatch; i++) {
                    id.set(i, (long) b * rowsPerBatch + i);
                    name.setSafe(i, ("row-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                root.setRowCount(rowsPerBatch);
                writer.writeBatch();
            }
            writer.end();
        }
    }
}

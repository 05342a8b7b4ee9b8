package dev.gantry.server.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/** The pipeline files the API tests run and serve, and the Arrow table one of them reads. */
final class ServedPipelines {
    private ServedPipelines() {}

    /** Every kind of output, a reader of one, and a step that fails with a message in its log. */
    static final String SHAPES = """
            name: shapes
            params:
              word: hello
            steps:
              table:
                command: [sh, -c, 'cp "${inputs.src}" "${outputs.table}"']
                inputs: {src: {path: table.arrow}}
                outputs: {table: arrow}
              notes:
                command: [sh, -c, 'echo writing notes; echo line two; echo "${params.word}" > "${outputs.notes}"']
                outputs: {notes: file}
              tree:
                command: [sh, -c, 'mkdir -p "${outputs.tree}/sub"; echo a > "${outputs.tree}/a.txt"; echo b > "${outputs.tree}/sub/b.txt"']
                outputs: {tree: dir}
                env: {TREE_SAUCE: tomato-42}
              reader:
                command: [sh, -c, 'cat "${inputs.notes}" > "${outputs.copy}"']
                inputs: {notes: notes.notes}
                outputs: {copy: file}
              broken:
                command: [sh, -c, 'echo "about to fail: no space left for the report"; exit 3']
                outputs: {report: file}
            """;

    /** A step that writes a line every 0.3 s, and one that waits until it is stopped. */
    static final String SLOW = """
            name: slow
            params:
              lines: {type: int, default: 2, description: How many lines to write}
              pidfile: /dev/null
            steps:
              talk:
                command: [sh, -c, 'i=1; while [ $i -le ${params.lines} ]; do echo "line $i"; i=$((i+1)); sleep 0.3; done']
              wait:
                command: [sh, -c, 'echo $$ > "${params.pidfile}"; exec sleep 120']
            """;

    static final String NIGHTLY = """
            name: nightly
            schedule: {cron: "0 3 * * *"}
            steps:
              hello:
                command: [echo, hello]
            """;

    static void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("shapes.yaml"), SHAPES);
        Files.writeString(dir.resolve("slow.yaml"), SLOW);
        Files.writeString(dir.resolve("nightly.yaml"), NIGHTLY);
        Files.writeString(dir.resolve("broken-yaml.yaml"), "name: [unclosed\n");
        writeTable(dir.resolve("table.arrow"), List.of("one", "two", "three"));
    }

    /** An Arrow IPC file of {@code id} (1, 2, ...) and {@code label}. */
    static void writeTable(Path file, List<String> labels) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                IntVector id = new IntVector("id", allocator);
                VarCharVector label = new VarCharVector("label", allocator)) {
            for (int i = 0; i < labels.size(); i++) {
                id.setSafe(i, i + 1);
                label.setSafe(i, labels.get(i).getBytes(StandardCharsets.UTF_8));
            }
            id.setValueCount(labels.size());
            label.setValueCount(labels.size());
            try (VectorSchemaRoot root = VectorSchemaRoot.of(id, label);
                    FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ArrowFileWriter writer = new ArrowFileWriter(root, null, out)) {
                root.setRowCount(labels.size());
                writer.start();
                writer.writeBatch();
                writer.end();
            }
        }
    }
}

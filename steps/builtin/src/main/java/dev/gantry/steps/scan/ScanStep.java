package dev.gantry.steps.scan;

import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import dev.gantry.steps.sdk.Columns;

/**
 * The {@code scan} step: reads a whole table through the SDK, touching every value, and reports
 * how fast it went. It is the read benchmark, and a cheap check that a table is readable.
 */
public final class ScanStep implements Step {
    static final Flag<Path> TABLE = Flag.input("table", "The Arrow table to read.");
    static final Flag<Path> METRICS = Flag.output("metrics",
            "Optional: rows, columns, batches, bytes, seconds, cpu_seconds, gb_per_s and checksum as metrics JSON.");

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String summary() {
        return "Reads a table through the SDK, touching every value, and reports rows and GB/s.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(TABLE, METRICS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path file = context.input(TABLE);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long rows = 0;
        int batches = 0;
        double checksum = 0;
        int columns;
        try (TableReader reader = TableReader.open(file, context.allocator())) {
            columns = reader.schema().getFields().size();
            while (reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                for (FieldVector vector : batch.getFieldVectors()) {
                    checksum += touch(vector, batch.getRowCount());
                }
                rows += batch.getRowCount();
                batches++;
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        // The reading thread's CPU time: what the read costs, however busy the machine is.
        double cpuSeconds = cpuStarted < 0 ? 0 : (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        long bytes = Files.size(file);
        context.log(String.format("scan: read %,d rows in %,d batches, %,d bytes, in %.3f s (%.3f s of CPU): %.2f GB/s",
                rows, batches, bytes, seconds, cpuSeconds, bytes / seconds / 1e9));
        if (context.find(METRICS).isPresent()) {
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("rows", rows);
            metrics.put("columns", columns);
            metrics.put("batches", batches);
            metrics.put("bytes", bytes);
            metrics.put("seconds", seconds);
            metrics.put("cpu_seconds", cpuSeconds);
            metrics.put("gb_per_s", bytes / seconds / 1e9);
            metrics.put("checksum", Double.isFinite(checksum) ? checksum : 0);
            Metrics.write(context.output(METRICS), metrics);
        }
    }

    /** Reads every value of a vector once and folds it into a number, so the JIT cannot skip the reads. */
    private static double touch(FieldVector vector, int rows) {
        double sum = 0;
        if (vector instanceof Float8Vector && vector.getNullCount() == 0) {
            ArrowBuf data = vector.getDataBuffer();
            for (int i = 0; i < rows; i++) {
                sum += data.getDouble((long) i << 3);
            }
        } else if (vector instanceof BigIntVector && vector.getNullCount() == 0) {
            ArrowBuf data = vector.getDataBuffer();
            for (int i = 0; i < rows; i++) {
                sum += data.getLong((long) i << 3);
            }
        } else if (vector instanceof BaseVariableWidthVector) {
            BaseVariableWidthVector strings = (BaseVariableWidthVector) vector;
            for (int i = 0; i < rows; i++) {
                sum += strings.isNull(i) ? 0 : strings.getValueLength(i);
            }
        } else if (ColumnTypes.isNumeric(vector.getField())) {
            Columns.DoubleColumn values = Columns.doubles(vector);
            for (int i = 0; i < rows; i++) {
                sum += vector.isNull(i) ? 0 : values.get(i);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                sum += vector.isNull(i) ? 0 : 1;
            }
        }
        return sum;
    }
}

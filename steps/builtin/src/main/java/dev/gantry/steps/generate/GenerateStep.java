package dev.gantry.steps.generate;

import dev.gantry.steps.sdk.ArtifactException;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The {@code generate} step: a seeded synthetic classification table of any size, written as it is made. */
public final class GenerateStep implements Step {
    static final Flag<Path> OUT = Flag.output("out", "The table to write (Arrow IPC file, or CSV with --format csv).");
    static final Flag<Long> ROWS = Flag.longInteger("rows", "How many rows to write.")
            .withDefault(1000L).require(n -> n >= 0, "at least 0");
    static final Flag<Integer> FEATURES = Flag.integer("features", "How many float64 feature columns, f0, f1, ...")
            .withDefault(10).require(n -> n >= 1 && n <= 10_000, "between 1 and 10000");
    static final Flag<Integer> CLASSES = Flag.integer("classes", "How many classes the int64 label column has.")
            .withDefault(2).require(n -> n >= 2 && n <= 1000, "between 2 and 1000");
    static final Flag<Double> NOISE = Flag.number("noise",
            "The standard deviation of the noise added to each class score; more noise, harder data.")
            .withDefault(0.5).require(x -> x >= 0, "at least 0");
    static final Flag<Long> SEED = Flag.longInteger("seed", "The random seed: the same seed gives the same bytes.")
            .withDefault(42L);
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1 && n <= 1 << 24, "between 1 and 16777216");
    static final Flag<String> FORMAT = Flag.choice("format", "The file format.", "arrow", "csv").withDefault("arrow");
    static final Flag<Path> METRICS = Flag.output("metrics", "Optional: rows, bytes, seconds and MB/s as metrics JSON.");

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "Writes a seeded synthetic classification table of N rows by M features, streaming.";
    }

    @Override
    public String description() {
        return "Writes a seeded synthetic classification table: float64 features f0..fM-1 drawn from the "
                + "standard normal distribution, and an int64 label that is the class whose fixed random linear "
                + "score of the features (plus noise) is highest. Rows are made and written one batch at a time, "
                + "so the table can be far larger than memory.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(OUT, ROWS, FEATURES, CLASSES, NOISE, SEED, BATCH_ROWS, FORMAT, METRICS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path out = context.output(OUT);
        long rows = context.get(ROWS);
        int batchRows = context.get(BATCH_ROWS);
        SyntheticData data = new SyntheticData(context.get(SEED), context.get(FEATURES), context.get(CLASSES),
                context.get(NOISE));
        long started = System.nanoTime();
        if (context.get(FORMAT).equals("csv")) {
            writeCsv(context, data, out, rows, batchRows);
        } else {
            writeArrow(context, data, out, rows, batchRows);
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        long bytes = Files.size(out);
        context.log(String.format("generate: wrote %,d rows, %,d bytes to %s in %.2f s (%.0f MB/s)",
                rows, bytes, out, seconds, bytes / seconds / 1e6));
        if (context.find(METRICS).isPresent()) {
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("rows", rows);
            metrics.put("bytes", bytes);
            metrics.put("seconds", seconds);
            metrics.put("mb_per_s", bytes / seconds / 1e6);
            Metrics.write(context.output(METRICS), metrics);
        }
    }

    private static void writeArrow(StepContext context, SyntheticData data, Path out, long rows, int batchRows) {
        try (TableWriter writer = TableWriter.create(out, data.schema(), context.allocator(), batchRows)) {
            long batch = 0;
            for (long done = 0; done < rows; done += batchRows, batch++) {
                int size = (int) Math.min(batchRows, rows - done);
                data.fill(writer.root(), batch, size);
                writer.writeBatch(size);
            }
            writer.finish();
        }
    }

    private static void writeCsv(StepContext context, SyntheticData data, Path out, long rows, int batchRows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(data.schema(), context.allocator());
                Writer writer = new BufferedWriter(Files.newBufferedWriter(out), 1 << 20)) {
            root.getFieldVectors().forEach(v -> v.setInitialCapacity(batchRows));
            root.allocateNew();
            int features = root.getFieldVectors().size() - 1;
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < features; j++) {
                line.append('f').append(j).append(',');
            }
            writer.write(line.append(SyntheticData.LABEL).append('\n').toString());
            long batch = 0;
            for (long done = 0; done < rows; done += batchRows, batch++) {
                int size = (int) Math.min(batchRows, rows - done);
                data.fill(root, batch, size);
                BigIntVector labels = (BigIntVector) root.getVector(features);
                for (int i = 0; i < size; i++) {
                    line.setLength(0);
                    for (int j = 0; j < features; j++) {
                        line.append(((Float8Vector) root.getVector(j)).get(i)).append(',');
                    }
                    writer.write(line.append(labels.get(i)).append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new ArtifactException(out, "cannot write the CSV file", e);
        }
    }
}

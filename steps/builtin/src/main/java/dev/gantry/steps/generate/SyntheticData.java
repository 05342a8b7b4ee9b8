package dev.gantry.steps.generate;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import dev.gantry.steps.sdk.ColumnTypes;
import dev.gantry.steps.sdk.Seeds;
import java.util.ArrayList;
import java.util.List;

/**
 * A seeded, learnable classification data set: features {@code f0..fM-1} drawn from the standard
 * normal distribution, and a {@code label} that is the class with the highest score, where each
 * class scores a fixed random linear combination of the features plus normal noise.
 *
 * <p>Each chunk of rows of each batch, and each column of it, has its own random stream derived
 * from the seed and their indices, so chunks can be filled in parallel and the data still depends
 * on the seed and the batch size alone.
 */
final class SyntheticData {
    /** The name of the label column. */
    static final String LABEL = "label";
    /** Rows generated together by one thread: a multiple of 8, so chunks share no validity byte. */
    private static final int CHUNK = 4096;

    private final long seed;
    private final int features;
    private final int classes;
    private final double noise;
    private final double[][] weights;

    SyntheticData(long seed, int features, int classes, double noise) {
        this.seed = seed;
        this.features = features;
        this.classes = classes;
        this.noise = noise;
        this.weights = new double[classes][features];
        SplittableRandom random = new SplittableRandom(mix(seed, -1, -1));
        for (double[] row : weights) {
            for (int j = 0; j < features; j++) {
                row[j] = random.nextGaussian();
            }
        }
    }

    /** Returns the schema: the feature columns as float64, then the label as int64. */
    Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            fields.add(ColumnTypes.column("f" + j, ColumnTypes.FLOAT64));
        }
        fields.add(ColumnTypes.column(LABEL, ColumnTypes.INT64));
        return new Schema(fields);
    }

    /** Fills rows {@code 0..rows-1} of the root's vectors with batch number {@code batch}. */
    void fill(VectorSchemaRoot root, long batch, int rows) {
        Float8Vector[] columns = new Float8Vector[features];
        for (int j = 0; j < features; j++) {
            columns[j] = (Float8Vector) root.getVector(j);
        }
        BigIntVector labels = (BigIntVector) root.getVector(features);
        // Chunks of whole validity bytes, so threads never write the same byte of a vector.
        IntStream.range(0, (rows + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            int from = c * CHUNK;
            int size = Math.min(rows, from + CHUNK) - from;
            double[] values = new double[size];
            double[] scores = new double[classes * size];
            for (int j = 0; j < features; j++) {
                SplittableRandom random = new SplittableRandom(mix(seed, batch, (long) c * (features + 1) + j));
                Float8Vector column = columns[j];
                for (int i = 0; i < size; i++) {
                    double x = random.nextGaussian();
                    values[i] = x;
                    column.set(from + i, x);
                }
                for (int k = 0; k < classes; k++) {
                    double w = weights[k][j];
                    for (int i = 0; i < size; i++) {
                        scores[i * classes + k] += w * values[i];
                    }
                }
            }
            SplittableRandom noisy = new SplittableRandom(mix(seed, batch, (long) c * (features + 1) + features));
            for (int i = 0; i < size; i++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double score = scores[i * classes + k] + noise * noisy.nextGaussian();
                    if (score > bestScore) {
                        bestScore = score;
                        best = k;
                    }
                }
                labels.set(from + i, best);
            }
        });
    }

    private static long mix(long seed, long a, long b) {
        return Seeds.mix(seed, a, b);
    }
}

package dev.gantry.steps.split;

import dev.gantry.steps.sdk.TableWriter;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Copies rows into one output table, writing a batch whenever one is full. */
final class RowRouter {
    private final TableWriter writer;
    private final int batchRows;
    private int row;

    RowRouter(TableWriter writer, int batchRows) {
        this.writer = writer;
        this.batchRows = batchRows;
    }

    /** Appends row {@code index} of {@code batch}, whose schema matches the writer's. */
    void copy(VectorSchemaRoot batch, int index) {
        VectorSchemaRoot target = writer.root();
        for (int c = 0; c < batch.getFieldVectors().size(); c++) {
            FieldVector to = target.getVector(c);
            to.copyFromSafe(index, row, batch.getVector(c));
        }
        if (++row == batchRows) {
            flush();
        }
    }

    /** Writes the rows not yet written. */
    void flush() {
        writer.writeBatch(row);
        row = 0;
    }

    /** Flushes and finishes the table; returns its row count. */
    long finish() {
        flush();
        writer.finish();
        return writer.rowsWritten();
    }
}

package dev.gantry.steps.csv;

import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Counts bad rows, logs the first few it skips, and fails once there are more than allowed. */
final class BadRows {
    private static final int LOGGED = 20;

    private final Path file;
    private final long allowed;
    private final StepContext context;
    private final List<Long> lines = new ArrayList<>();
    private long count;

    BadRows(Path file, long allowed, StepContext context) {
        this.file = file;
        this.allowed = allowed;
        this.context = context;
    }

    /** Records a bad row, or throws a {@link DataException} naming it when it is one too many. */
    void add(long line, RowConverter.Problem problem) {
        count++;
        if (count > allowed) {
            throw DataException.atLine(file, line, problem.column(),
                    problem.text() + " (bad row " + count + ", more than --max-bad-rows " + allowed + ")");
        }
        if (lines.size() < LOGGED) {
            lines.add(line);
            context.log("ingest-csv: skipped " + DataException.atLine(file, line, problem.column(), problem.text())
                    .getMessage());
        }
    }

    /** Returns how many rows were skipped. */
    long count() {
        return count;
    }

    /** Returns a one-line summary of the skipped rows, or empty text when there were none. */
    String summary() {
        if (count == 0) {
            return "";
        }
        String shown = lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "skipped " + count + " bad row" + (count == 1 ? "" : "s") + " (line" + (count == 1 ? " " : "s ")
                + shown + (count > lines.size() ? ", ..." : "") + ")";
    }
}

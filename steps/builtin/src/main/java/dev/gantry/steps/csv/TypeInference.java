package dev.gantry.steps.csv;

import java.util.List;
import java.util.Set;

/**
 * Infers each column's type from sample rows: {@code bool} when every non-null value is true or
 * false, else {@code int64} when every one is an integer, else {@code float64} when every one is
 * a number, else {@code string}. A column with no non-null value in the sample is a string.
 */
final class TypeInference {
    private final boolean[] seen;
    private final boolean[] notBool;
    private final boolean[] notInt;
    private final boolean[] notFloat;
    private final Set<String> nullTokens;

    TypeInference(int columns, Set<String> nullTokens) {
        this.seen = new boolean[columns];
        this.notBool = new boolean[columns];
        this.notInt = new boolean[columns];
        this.notFloat = new boolean[columns];
        this.nullTokens = nullTokens;
    }

    /** Takes one record's fields into account; records with the wrong field count are skipped. */
    void observe(List<String> fields) {
        if (fields.size() != seen.length) {
            return;
        }
        for (int column = 0; column < seen.length; column++) {
            String text = fields.get(column);
            if (nullTokens.contains(text)) {
                continue;
            }
            seen[column] = true;
            if (!notBool[column] && CellType.parseBool(text).isEmpty()) {
                notBool[column] = true;
            }
            if (!notInt[column] && CellType.parseLong(text).isEmpty()) {
                notInt[column] = true;
            }
            if (!notFloat[column] && CellType.parseDouble(text).isEmpty()) {
                notFloat[column] = true;
            }
        }
    }

    /** Returns the inferred type of a column. */
    CellType typeOf(int column) {
        if (!seen[column]) {
            return CellType.STRING;
        }
        if (!notBool[column]) {
            return CellType.BOOL;
        }
        if (!notInt[column]) {
            return CellType.INT64;
        }
        return notFloat[column] ? CellType.STRING : CellType.FLOAT64;
    }
}

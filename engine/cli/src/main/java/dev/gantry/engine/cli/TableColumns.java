package dev.gantry.engine.cli;

import dev.gantry.engine.ArrowTables;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The columns of a table that {@code --columns} picks, and its cells as text. */
final class TableColumns {
    private TableColumns() {}

    /** The positions of {@code wanted} in {@code columns}, in the order asked; all of them when none is asked. */
    static int[] choose(List<ArrowTables.Column> columns, List<String> wanted) {
        if (wanted.isEmpty()) {
            return java.util.stream.IntStream.range(0, columns.size()).toArray();
        }
        int[] chosen = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i);
            int at = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().equals(name)) {
                    at = c;
                }
            }
            if (at < 0) {
                throw new UsageException("the table has no column '" + name + "'; its columns: "
                        + columns.stream().map(ArrowTables.Column::name).collect(Collectors.joining(", ")));
            }
            chosen[i] = at;
        }
        return chosen;
    }

    static List<Object> pick(List<Object> row, int[] chosen) {
        List<Object> picked = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            picked.add(row.get(i));
        }
        return picked;
    }

    static String[] names(List<ArrowTables.Column> columns, int[] chosen) {
        String[] names = new String[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            names[i] = columns.get(chosen[i]).name();
        }
        return names;
    }

    /** A cell as a person reads it: {@code null} for a null, a whole number without {@code .0}. */
    static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return Numbers.format(d);
        }
        return value.toString().replace('\n', ' ');
    }
}

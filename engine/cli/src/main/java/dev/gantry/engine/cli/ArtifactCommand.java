package dev.gantry.engine.cli;

import dev.gantry.engine.ArrowTables;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry artifact}: what an output holds, by its type: an Arrow table's schema, row count
 * and first rows; a metrics object's values; a file's first lines; a directory's listing.
 */
@Command(name = "artifact", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Prints what an output holds: a table's first rows, metrics, a file's head, a dir's listing.")
final class ArtifactCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "ARTIFACT",
            description = "RUN STEP.OUTPUT (RUN: " + RunNames.RUN_SHORT + "), or a 64-hex digest.")
    List<String> artifact;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10",
            description = "How many rows of a table, or lines of a file (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--columns", paramLabel = "A,B", split = ",", description = "Only these columns of a table.")
    List<String> columns = List.of();

    @Option(names = "--csv", paramLabel = "FILE", description = "Writes a table's rows (all of them) to FILE as CSV.")
    Optional<Path> csv = Optional.empty();

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new UsageException("--rows must be 0 or more, was " + rows);
        }
        try (RunHistory history = store.openHistory()) {
            ArtifactRef ref = ArtifactRef.resolve(history, store, artifact);
            OutputArtifact a = ref.artifact();
            if (csv.isPresent()) {
                return exportCsv(ref);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", ref.runId());
            out.put("step", ref.step());
            out.put("output", ref.output());
            out.put("digest", a.sha256());
            out.put("type", a.type().yamlName());
            out.put("sizeBytes", a.sizeBytes());
            out.put("path", a.path().toString());
            if (a.type() == ArtifactType.ARROW) {
                TableColumns.choose(ArrowTables.page(a.path(), 0, 0).columns(), columns); // a wrong name fails first
            }
            if (!json) {
                System.out.println(ref.name() + " of run " + ref.runId() + ": " + a.type().yamlName() + ", "
                        + Bytes.human(a.sizeBytes()) + ", sha256 " + a.sha256().substring(0, 12));
            }
            switch (a.type()) {
                case ARROW -> out.put("table", table(ref));
                case METRICS -> out.put("metrics", metrics(history, a));
                case FILE -> out.put("file", ArtifactContents.fileHead(a.path(), rows, json));
                case DIR -> out.put("dir", ArtifactContents.listing(a.path(), json));
                default -> throw new IllegalStateException("unknown output type " + a.type());
            }
            if (json) {
                System.out.println(JsonReports.write(out));
            }
            return ExitCodes.OK;
        }
    }

    private Map<String, Object> table(ArtifactRef ref) {
        ArrowTables.Page page = ArrowTables.page(ref.artifact().path(), 0, rows);
        int[] chosen = TableColumns.choose(page.columns(), columns);
        long rowCount = ref.artifact().rows().orElse((long) page.rows().size());
        List<Map<String, Object>> schema = new ArrayList<>();
        for (int i : chosen) {
            ArrowTables.Column c = page.columns().get(i);
            schema.add(JsonReports.object("name", c.name(), "type", c.type(), "nullable", c.nullable()));
        }
        List<List<Object>> shown = page.rows().stream().map(row -> TableColumns.pick(row, chosen)).toList();
        if (!json) {
            System.out.println(rowCount + " rows, " + page.columns().size() + " columns");
            TextTable types = new TextTable("COLUMN", "TYPE", "NULLABLE");
            for (int i : chosen) {
                ArrowTables.Column c = page.columns().get(i);
                types.add(c.name(), c.type(), c.nullable() ? "yes" : "no");
            }
            types.print();
            if (!shown.isEmpty()) {
                System.out.println();
                TextTable values = new TextTable(TableColumns.names(page.columns(), chosen));
                for (int i = 0; i < chosen.length; i++) {
                    if (page.columns().get(chosen[i]).type().matches("(Int|FloatingPoint|Decimal).*")) {
                        values.alignRight(i);
                    }
                }
                shown.forEach(row -> values.add(row.stream().map(TableColumns::text).toList()));
                values.print();
                if (rowCount > shown.size()) {
                    System.out.println("(first " + shown.size() + " of " + rowCount + " rows; --rows N shows more)");
                }
            }
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("rowCount", rowCount);
        table.put("columns", schema);
        table.put("rows", shown);
        return table;
    }

    private Map<String, Double> metrics(RunHistory history, OutputArtifact a) {
        Map<String, Double> values = history.metricValues(a);
        if (!json) {
            TextTable table = new TextTable("METRIC", "VALUE").alignRight(1);
            values.forEach((name, value) -> table.add(name, Numbers.format(value)));
            table.print();
        }
        return values;
    }

    private int exportCsv(ArtifactRef ref) throws IOException {
        if (ref.artifact().type() != ArtifactType.ARROW) {
            throw new UsageException("--csv exports a table, and " + ref.name() + " is a "
                    + ref.artifact().type().yamlName() + "; its object is " + ref.artifact().path());
        }
        long written = CsvExport.write(ref.artifact().path(), columns, csv.get());
        System.out.println("wrote " + written + " rows of " + ref.name() + " to " + csv.get());
        return ExitCodes.OK;
    }
}

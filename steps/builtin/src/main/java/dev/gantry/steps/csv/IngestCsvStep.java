package dev.gantry.steps.csv;

import dev.gantry.steps.sdk.DataException;
import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.sdk.ParamException;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.TableWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code ingest-csv} step: a CSV file with a header line to an Arrow table, streaming. */
public final class IngestCsvStep implements Step {
    static final Flag<Path> SOURCE = Flag.input("source", "The CSV file to read; its first line names the columns.");
    static final Flag<Path> OUT = Flag.output("out", "The Arrow table to write.");
    static final Flag<List<String>> SCHEMA = Flag.list("schema",
            "Column types to use instead of inferring them, as NAME:TYPE with TYPE one of bool, int64, "
                    + "float64, string. Columns not named are inferred.").withLabel("NAME:TYPE,...");
    static final Flag<Integer> INFER_ROWS = Flag.integer("infer-rows",
            "How many rows the types are inferred from; a later value that does not fit is a bad row.")
            .withDefault(10_000).require(n -> n >= 1, "at least 1");
    static final Flag<Long> MAX_BAD_ROWS = Flag.longInteger("max-bad-rows",
            "How many bad rows (wrong field count, a value that does not fit its column's type, a "
                    + "broken quote) to skip before failing; each skipped one is logged with its line.")
            .withDefault(0L).require(n -> n >= 0, "at least 0");
    static final Flag<String> DELIMITER = Flag.string("delimiter", "The field separator: one character, or 'tab'.")
            .withDefault(",");
    static final Flag<List<String>> NULL_VALUES = Flag.list("null-values",
            "Texts that stand for a missing value, besides the empty field (which always does).");
    static final Flag<Integer> BATCH_ROWS = Flag.integer("batch-rows", "Rows per record batch.")
            .withDefault(TableWriter.DEFAULT_BATCH_ROWS).require(n -> n >= 1, "at least 1");
    static final Flag<Path> METRICS = Flag.output("metrics", "Optional: rows, bad_rows and columns as metrics JSON.");

    @Override
    public String name() {
        return "ingest-csv";
    }

    @Override
    public String summary() {
        return "Reads a CSV file into an Arrow table, inferring column types or taking a schema.";
    }

    @Override
    public String description() {
        return "Reads a CSV file (RFC 4180, UTF-8, a header line naming the columns) into an Arrow table. "
                + "Column types are inferred from the first --infer-rows rows (bool, int64, float64, else string) "
                + "unless --schema gives them. Bad rows are reported with their line numbers: the step fails on "
                + "the first one, or skips up to --max-bad-rows of them. The file streams through in batches, "
                + "so it may be larger than memory.";
    }

    @Override
    public List<Flag<?>> flags() {
        return List.of(SOURCE, OUT, SCHEMA, INFER_ROWS, MAX_BAD_ROWS, DELIMITER, NULL_VALUES, BATCH_ROWS, METRICS);
    }

    @Override
    public void run(StepContext context) throws IOException {
        Path source = context.input(SOURCE);
        Path out = context.output(OUT);
        Set<String> nullTokens = new HashSet<>(context.get(NULL_VALUES));
        nullTokens.add("");
        BadRows bad = new BadRows(source, context.get(MAX_BAD_ROWS), context);
        long rows;
        int columns;
        try (CsvReader csv = open(source, delimiter(context))) {
            try {
                CsvRecord header = csv.next().orElseThrow(() -> DataException.inFile(source,
                        "the file is empty; a CSV file needs a header line naming its columns"));
                List<String> names = checkHeader(source, header);
                columns = names.size();
                rows = convert(context, csv, names, nullTokens, bad);
            } catch (CharacterCodingException e) {
                throw DataException.atLine(source, Utf8Lines.firstInvalidLine(source), Optional.empty(),
                        "the text is not valid UTF-8");
            }
        }
        context.log("ingest-csv: wrote " + rows + " rows of " + columns + " columns to " + out
                + (bad.count() > 0 ? "; " + bad.summary() : ""));
        if (context.find(METRICS).isPresent()) {
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("rows", rows);
            metrics.put("bad_rows", bad.count());
            metrics.put("columns", columns);
            Metrics.write(context.output(METRICS), metrics);
        }
    }

    /** Infers the types from the first rows, then streams every row into the table; returns the rows written. */
    private static long convert(StepContext context, CsvReader csv, List<String> names, Set<String> nullTokens,
            BadRows bad) throws IOException {
        Path source = context.get(SOURCE);
        List<CsvRecord> sample = new ArrayList<>();
        TypeInference inference = new TypeInference(names.size(), nullTokens);
        int inferRows = context.get(INFER_ROWS);
        while (sample.size() < inferRows) {
            Optional<CsvRecord> next = csv.next();
            if (next.isEmpty()) {
                break;
            }
            sample.add(next.get());
            inference.observe(next.get().fields());
        }
        CellType[] types = types(source, names, inference, context.get(SCHEMA));
        RowConverter converter = new RowConverter(names, types, nullTokens);
        int batchRows = context.get(BATCH_ROWS);
        try (TableWriter writer = TableWriter.create(context.output(OUT), schema(names, types), context.allocator(),
                batchRows)) {
            BatchFiller filler = new BatchFiller(writer, converter, bad, batchRows);
            sample.forEach(filler::add);
            sample.clear();
            for (Optional<CsvRecord> next = csv.next(); next.isPresent(); next = csv.next()) {
                filler.add(next.get());
            }
            filler.flush();
            writer.finish();
            return writer.rowsWritten();
        }
    }

    /** Converts records into the writer's batches, writing each batch when it is full. */
    private static final class BatchFiller {
        private final TableWriter writer;
        private final RowConverter converter;
        private final BadRows bad;
        private final int batchRows;
        private int row;

        BatchFiller(TableWriter writer, RowConverter converter, BadRows bad, int batchRows) {
            this.writer = writer;
            this.converter = converter;
            this.bad = bad;
            this.batchRows = batchRows;
        }

        void add(CsvRecord record) {
            Optional<RowConverter.Problem> problem = converter.convert(record);
            if (problem.isPresent()) {
                bad.add(record.line(), problem.get());
                return;
            }
            converter.setRow(writer.root(), row++);
            if (row == batchRows) {
                flush();
            }
        }

        void flush() {
            writer.writeBatch(row);
            row = 0;
        }
    }

    private static CsvReader open(Path source, char delimiter) throws IOException {
        InputStreamReader reader = new InputStreamReader(Files.newInputStream(source), StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new CsvReader(reader, delimiter);
    }

    private static char delimiter(StepContext context) {
        String text = context.get(DELIMITER);
        if (text.equals("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1 || text.equals("\"") || text.equals("\n") || text.equals("\r")) {
            throw new ParamException("--delimiter must be one character other than a quote or line break, "
                    + "or 'tab', was '" + text + "'");
        }
        return text.charAt(0);
    }

    private static List<String> checkHeader(Path source, CsvRecord header) {
        if (header.problem().isPresent()) {
            throw DataException.atLine(source, header.line(), Optional.empty(), "the header line is broken: "
                    + header.problem().get());
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = header.fields();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (name.isEmpty()) {
                throw DataException.atLine(source, header.line(), Optional.empty(),
                        "field " + (i + 1) + " of the header is empty; every column needs a name");
            }
            Integer before = seen.put(name, i);
            if (before != null) {
                throw DataException.atLine(source, header.line(), Optional.empty(), "column '" + name
                        + "' appears twice in the header (fields " + (before + 1) + " and " + (i + 1) + ")");
            }
        }
        return names.stream().map(String::strip).collect(java.util.stream.Collectors.toList());
    }

    private static CellType[] types(Path source, List<String> names, TypeInference inference, List<String> schema) {
        CellType[] types = new CellType[names.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = inference.typeOf(i);
        }
        for (String entry : schema) {
            int colon = entry.lastIndexOf(':');
            Optional<CellType> type = colon < 0 ? Optional.empty() : CellType.named(entry.substring(colon + 1).strip());
            if (type.isEmpty()) {
                throw new ParamException("--schema entries must be NAME:TYPE with TYPE one of bool, int64, "
                        + "float64, string, was '" + entry + "'");
            }
            String name = entry.substring(0, colon).strip();
            int index = names.indexOf(name);
            if (index < 0) {
                throw new ParamException("--schema names column '" + name + "', which the header of " + source
                        + " does not have; its columns are " + String.join(", ", names));
            }
            types[index] = type.get();
        }
        return types;
    }

    private static Schema schema(List<String> names, CellType[] types) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            fields.add(Field.nullable(names.get(i), types[i].arrowType()));
        }
        return new Schema(fields);
    }
}

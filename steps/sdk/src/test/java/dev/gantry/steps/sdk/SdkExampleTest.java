package dev.gantry.steps.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.steps.testing.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example step of the module's README, run the way a test or another program would. */
class SdkExampleTest {
    /** Multiplies column x, batch by batch. */
    static final class Doubler implements Step {
        static final Flag<Path> TABLE = Flag.input("table", "The table to read.");
        static final Flag<Path> OUT = Flag.output("out", "The table to write.");
        static final Flag<Double> FACTOR = Flag.number("factor", "What to multiply by.")
                .withDefault(2.0).require(x -> x > 0, "above 0");

        @Override
        public String name() {
            return "doubler";
        }

        @Override
        public String summary() {
            return "Multiplies column x.";
        }

        @Override
        public List<Flag<?>> flags() {
            return List.of(TABLE, OUT, FACTOR);
        }

        @Override
        public void run(StepContext context) {
            double factor = context.get(FACTOR);
            try (TableReader in = TableReader.open(context.input(TABLE), context.allocator());
                    TableWriter out = TableWriter.create(context.output(OUT), in.schema(), context.allocator())) {
                while (in.next()) {
                    Float8Vector x = (Float8Vector) in.column("x");
                    Float8Vector y = out.vector("x", Float8Vector.class);
                    for (int i = 0; i < in.batch().getRowCount(); i++) {
                        y.setSafe(i, x.get(i) * factor);
                    }
                    out.writeBatch(in.batch().getRowCount());
                }
                out.finish();
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleStepRunsWithAContextBuiltByHand() {
        Path table = dir.resolve("in.arrow");
        try (RootAllocator allocator = new RootAllocator();
                TableWriter writer = TableWriter.create(table,
                        new Schema(List.of(ColumnTypes.column("x", ColumnTypes.FLOAT64))), allocator)) {
            for (int i = 0; i < 5; i++) {
                writer.vector("x", Float8Vector.class).setSafe(i, i);
            }
            writer.writeBatch(5);
            writer.finish();
        }
        try (StepContext context = StepContext.builder().flag("table", table).flag("out", dir.resolve("out.arrow"))
                .env("GANTRY_PARAM_FACTOR", "3").build()) {
            new Doubler().run(context);
        }
        assertThat(Tables.numbers(dir.resolve("out.arrow"), "x")).containsExactly(0, 3, 6, 9, 12);
    }

    @Test
    void aRuleOnAFlagIsCheckedWhenTheStepAsksForIt() {
        try (StepContext context = StepContext.builder().flag("factor", "-1").build()) {
            assertThatThrownBy(() -> new Doubler().run(context)).isInstanceOf(ParamException.class)
                    .hasMessage("--factor must be above 0, was -1");
        }
    }
}

package dev.gantry.steps.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellTypeTest {
    @Test
    void numbersAreDecimalNotationAndTheUsualSpecialValues() {
        assertThat(CellType.parseDouble("1.5e-3")).contains(0.0015);
        assertThat(CellType.parseDouble(" -.5 ")).contains(-0.5);
        assertThat(CellType.parseDouble("-inf")).contains(Double.NEGATIVE_INFINITY);
        assertThat(CellType.parseDouble("NaN")).hasValueSatisfying(x -> assertThat(x).isNaN());
        assertThat(CellType.parseDouble("1d")).isEmpty();
        assertThat(CellType.parseDouble("0x10")).isEmpty();
        assertThat(CellType.parseDouble("1e")).isEmpty();
        assertThat(CellType.parseDouble(".")).isEmpty();
    }

    @Test
    void integersMustFitSixtyFourBits() {
        assertThat(CellType.parseLong("-9223372036854775808")).contains(Long.MIN_VALUE);
        assertThat(CellType.parseLong("9223372036854775808")).isEmpty();
        assertThat(CellType.parseLong("1.0")).isEmpty();
    }
}

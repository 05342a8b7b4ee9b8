package dev.gantry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void acceptsLowerCaseLettersDigitsDashesAndUnderscores() {
        assertThat(Names.isValid("train")).isTrue();
        assertThat(Names.isValid("fit-3")).isTrue();
        assertThat(Names.isValid("0_base")).isTrue();
        assertThat(Names.isValid("a")).isTrue();
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(Names.isValid(null)).isFalse();
        assertThat(Names.isValid("")).isFalse();
        assertThat(Names.isValid("-lead")).isFalse();
        assertThat(Names.isValid("_lead")).isFalse();
        assertThat(Names.isValid("Train")).isFalse();
        assertThat(Names.isValid("two words")).isFalse();
        assertThat(Names.isValid("dotted.name")).isFalse();
        assertThat(Names.isValid("émile")).isFalse();
    }
}

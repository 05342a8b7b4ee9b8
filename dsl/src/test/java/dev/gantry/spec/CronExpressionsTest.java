package dev.gantry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CronExpressionsTest {
    @Test
    void unixExpressionsBecomeQuartzOnesWithSecondsAndAQuestionMark() {
        assertThat(CronExpressions.toQuartz("0 3 * * *")).containsExactly("0 0 3 * * ?");
        assertThat(CronExpressions.toQuartz("*/15 * 1 * *")).containsExactly("0 */15 * 1 * ?");
        assertThat(CronExpressions.toQuartz("30 2 * * 1-5")).containsExactly("0 30 2 ? * 2-6");
        assertThat(CronExpressions.toQuartz("0 0 * * 0,7")).containsExactly("0 0 0 ? * 1,1");
        assertThat(CronExpressions.toQuartz("0 0 * * MON")).containsExactly("0 0 0 ? * MON");
    }

    @Test
    void aUnixExpressionRestrictingBothDaysBecomesTwoQuartzOnesForDaysThatMatchEither() {
        assertThat(CronExpressions.problem("0 0 13 * 5")).isEmpty();
        assertThat(CronExpressions.toQuartz("0 0 13 * 5")).containsExactly("0 0 0 13 * ?", "0 0 0 ? * 6");
    }

    @Test
    void quartzExpressionsPassThrough() {
        assertThat(CronExpressions.toQuartz("*/2 * * * * ?")).containsExactly("*/2 * * * * ?");
        assertThat(CronExpressions.toQuartz("0 0 12 ? * MON-FRI 2030")).containsExactly("0 0 12 ? * MON-FRI 2030");
        assertThat(CronExpressions.toQuartz("0 0 12 L * ?")).containsExactly("0 0 12 L * ?");
    }

    @Test
    void problemsNameTheFieldAndTheValue() {
        assertThat(CronExpressions.problem("0 25 * * *"))
                .contains("field 2 (hour) '25' is not a value from 0 to 23");
        assertThat(CronExpressions.problem("0 3 * *"))
                .contains("has 4 fields; use 5 (minute hour day-of-month month day-of-week) or Quartz's 6 or 7 "
                        + "(second first, optional year last)");
        assertThat(CronExpressions.problem("0 3 * FOO *"))
                .contains("field 4 (month) 'FOO' is not a value from 1 to 12 or a name like FEB");
        assertThat(CronExpressions.problem("*/0 * * * *")).contains("field 1 (minute) has an invalid step in '*/0'");
        assertThat(CronExpressions.problem("0 0 12 1 * MON"))
                .contains("Quartz needs '?' in day-of-month or day-of-week (field 4 or 6)");
    }
}

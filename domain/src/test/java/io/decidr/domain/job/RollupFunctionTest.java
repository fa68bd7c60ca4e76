package io.decidr.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupFunctionTest {

    private static final List<BigDecimal> NUMBERS = List.of(new BigDecimal("2"), new BigDecimal("5"), new BigDecimal("1.5"));

    @Test
    void each_function_over_the_numbers() {
        assertThat(RollupFunction.SUM.over(4, NUMBERS, true)).contains(new BigDecimal("8.5"));
        assertThat(RollupFunction.MIN.over(4, NUMBERS, true)).contains(new BigDecimal("1.5"));
        assertThat(RollupFunction.MAX.over(4, NUMBERS, true)).contains(new BigDecimal("5"));
        assertThat(RollupFunction.AVG.over(4, NUMBERS, true).orElseThrow()).isEqualByComparingTo("2.833333333333333");
    }

    @Test
    void count_counts_values_of_an_attribute_or_else_the_linked_entities() {
        assertThat(RollupFunction.COUNT.over(4, NUMBERS, true)).contains(BigDecimal.valueOf(3));
        assertThat(RollupFunction.COUNT.over(4, List.of(), false)).contains(BigDecimal.valueOf(4));
    }

    @Test
    void nothing_to_average_or_compare_is_empty_while_a_sum_or_count_of_nothing_is_zero() {
        assertThat(RollupFunction.AVG.over(2, List.of(), true)).isEmpty();
        assertThat(RollupFunction.MIN.over(2, List.of(), true)).isEmpty();
        assertThat(RollupFunction.MAX.over(2, List.of(), true)).isEmpty();
        assertThat(RollupFunction.SUM.over(2, List.of(), true)).contains(BigDecimal.ZERO);
        assertThat(RollupFunction.COUNT.over(0, List.of(), true)).contains(BigDecimal.ZERO);
    }
}

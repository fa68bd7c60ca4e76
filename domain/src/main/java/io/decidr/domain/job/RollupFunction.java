package io.decidr.domain.job;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/** What a ROLLUP job computes over an entity's linked entities. */
public enum RollupFunction {
    SUM, COUNT, AVG, MIN, MAX;

    /**
     * The function over the linked entities' numbers.
     *
     * @param linked  how many (active) entities are linked
     * @param numbers the numeric values of the rolled-up attribute among them (no value, or not a number: left out)
     * @param ofValues whether an attribute is rolled up; COUNT without one counts the linked entities themselves
     * @return empty when there is nothing to compute from (AVG, MIN or MAX of no numbers)
     */
    public Optional<BigDecimal> over(long linked, List<BigDecimal> numbers, boolean ofValues) {
        return switch (this) {
            case COUNT -> Optional.of(BigDecimal.valueOf(ofValues ? numbers.size() : linked));
            case SUM -> Optional.of(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            case AVG -> numbers.isEmpty() ? Optional.empty()
                    : Optional.of(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                            .divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL64));
            case MIN -> numbers.stream().min(BigDecimal::compareTo);
            case MAX -> numbers.stream().max(BigDecimal::compareTo);
        };
    }
}

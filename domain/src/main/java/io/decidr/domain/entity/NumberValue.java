package io.decidr.domain.entity;

import java.math.BigDecimal;
import java.util.Objects;

/** A value of a number attribute; its scale is kept as given (1.0 and 1.00 are different values). */
public record NumberValue(BigDecimal value) implements Value {

    public NumberValue {
        Objects.requireNonNull(value, "value");
    }
}

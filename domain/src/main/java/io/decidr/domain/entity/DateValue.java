package io.decidr.domain.entity;

import java.time.LocalDate;
import java.util.Objects;

/** A value of a date attribute. */
public record DateValue(LocalDate value) implements Value {

    public DateValue {
        Objects.requireNonNull(value, "value");
    }
}

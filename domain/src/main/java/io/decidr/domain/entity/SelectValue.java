package io.decidr.domain.entity;

import java.util.Objects;

/** A value of a select attribute: one of its options, exactly. */
public record SelectValue(String option) implements Value {

    public SelectValue {
        Objects.requireNonNull(option, "option");
    }
}

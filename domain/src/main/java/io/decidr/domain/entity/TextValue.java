package io.decidr.domain.entity;

import java.util.Objects;

/** A value of a text attribute, as typed (not stripped). */
public record TextValue(String value) implements Value {

    public TextValue {
        Objects.requireNonNull(value, "value");
    }
}

package io.decidr.domain.entity;

/** A value of a boolean attribute. */
public record BooleanValue(boolean value) implements Value {
}

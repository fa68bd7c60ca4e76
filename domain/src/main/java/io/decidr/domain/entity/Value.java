package io.decidr.domain.entity;

/** The value of one attribute of an entity; which variant fits depends on the attribute's type. */
public sealed interface Value permits TextValue, NumberValue, BooleanValue, DateValue, SelectValue, ErasedValue {
}

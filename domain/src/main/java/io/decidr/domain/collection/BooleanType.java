package io.decidr.domain.collection;

/** Yes or no. */
public record BooleanType() implements AttributeType {
}

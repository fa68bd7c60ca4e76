package io.decidr.domain.collection;

/** A calendar date without time or zone. */
public record DateType() implements AttributeType {
}

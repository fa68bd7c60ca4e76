package io.decidr.domain.collection;

/** A decimal number of at most {@link #MAX_PRECISION} digits, at most {@link #MAX_SCALE} of them after the point. */
public record NumberType() implements AttributeType {

    public static final int MAX_PRECISION = 38;
    public static final int MAX_SCALE = 18;
}

package io.decidr.domain.collection;

/** Free text of at most {@code maxLength} characters (1 to {@link #LARGEST_MAX_LENGTH}). */
public record TextType(int maxLength) implements AttributeType {

    public static final int DEFAULT_MAX_LENGTH = 10_000;
    public static final int LARGEST_MAX_LENGTH = 100_000;

    /** Text of at most {@link #DEFAULT_MAX_LENGTH} characters. */
    public static TextType withDefaultMaxLength() {
        return new TextType(DEFAULT_MAX_LENGTH);
    }
}

package io.decidr.domain.entity;

/**
 * A personal value whose data subject was erased: what the value was can no longer be read (its key is gone), only
 * that there was one. Never given by a client; it appears where a stored value is read back.
 */
public record ErasedValue() implements Value {

    public static final ErasedValue INSTANCE = new ErasedValue();
}

package io.decidr.eventstore.codec;

/** A stored event's type name is not registered with the codec reading it. */
public final class UnknownEventTypeException extends RuntimeException {

    public UnknownEventTypeException(String type) {
        super("unknown event type " + type);
    }
}

package io.decidr.eventstore;

/** Another writer appended to the stream after the caller read it; nothing was written. */
public final class WrongExpectedVersionException extends RuntimeException {

    private final StreamId stream;
    private final long expectedVersion;

    public WrongExpectedVersionException(StreamId stream, long expectedVersion) {
        super("stream " + stream + " is no longer at version " + expectedVersion, null, false, false);
        this.stream = stream;
        this.expectedVersion = expectedVersion;
    }

    public StreamId stream() {
        return stream;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}

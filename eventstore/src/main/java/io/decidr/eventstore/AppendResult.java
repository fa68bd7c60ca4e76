package io.decidr.eventstore;

/**
 * What an append did.
 *
 * @param stream      the stream the command wrote to
 * @param fromVersion the stream's version before the command
 * @param toVersion   the stream's version after the command
 * @param duplicate   true when the command id had been handled before: nothing was written now, and the
 *                    versions are those of the first time
 * @param last        where the last event written now stands in {@code $all}; null when nothing was written
 */
public record AppendResult(StreamId stream, long fromVersion, long toVersion, boolean duplicate, Checkpoint last) {

    public AppendResult(StreamId stream, long fromVersion, long toVersion, boolean duplicate) {
        this(stream, fromVersion, toVersion, duplicate, null);
    }
}

package io.decidr.eventstore;

/**
 * What an append did.
 *
 * @param stream      the stream the command wrote to
 * @param fromVersion the stream's version before the command
 * @param toVersion   the stream's version after the command
 * @param duplicate   true when the command id had been handled before: nothing was written now, and the
 *                    versions are those of the first time
 */
public record AppendResult(StreamId stream, long fromVersion, long toVersion, boolean duplicate) {
}

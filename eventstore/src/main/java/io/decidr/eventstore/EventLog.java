package io.decidr.eventstore;

import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reading the event log, for the modules outside the store (projectors, read-your-writes, process managers): one
 * stream's events, {@code $all} in commit-safe {@code (transaction id, position)} order, and where a stream's version
 * stands in it. Appending is the command bus's alone.
 */
public interface EventLog {

    /** The stream's events from {@code fromVersion} on, in version order. */
    Flux<RecordedEvent> readStream(StreamId stream, long fromVersion);

    /** At most {@code limit} of the stream's events from {@code fromVersion} on, in version order. */
    Mono<List<RecordedEvent>> readStream(StreamId stream, long fromVersion, int limit);

    /**
     * Up to {@code limit} events after the checkpoint in commit-safe order. An empty answer means "nothing
     * committed yet"; see {@link #hasUncommittedEvents()} to tell whether a transaction is still open.
     */
    Mono<List<RecordedEvent>> readAll(Checkpoint after, int limit);

    /** True while some transaction that wrote events may still commit below the readers' horizon: look again soon. */
    Mono<Boolean> hasUncommittedEvents();

    /** How many events lie after the checkpoint, counting no further than {@code cap}. */
    Mono<Long> countAfter(Checkpoint after, long cap);

    /** When the first committed event after the checkpoint was recorded; empty when there is none. */
    Mono<Instant> oldestAfter(Checkpoint after);

    /** Where an event of a stream stands in {@code $all}; empty when the stream has no such version. */
    Mono<Checkpoint> checkpointOf(StreamId stream, long version);
}

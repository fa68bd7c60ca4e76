package io.decidr.eventstore;

import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The log as the command bus writes it: appends checked against a stream's expected version and recorded with their
 * command id, and snapshots that spare reading a long stream from its start. Everything that only reads goes through
 * {@link EventLog} and {@link CommandLedger}; this port adds what only the command bus does.
 */
public interface EventStore extends EventLog, CommandLedger {

    /**
     * Appends the events if the stream is still at the expected version and the command id is new, and stores the
     * request's new keys with them ({@link AppendRequest#keys()}).
     *
     * @return the versions written, or those of the first time for a command id seen before
     *         ({@link AppendResult#duplicate()}); fails with {@link WrongExpectedVersionException} when
     *         another writer got there first, with {@link io.decidr.eventstore.personal.SubjectHasKeyException} when
     *         a new key's subject has a key (or an erasure) already, with
     *         {@link io.decidr.eventstore.personal.PersonalDataUnavailableException} when the key table cannot be
     *         written (each writing nothing)
     */
    Mono<AppendResult> append(AppendRequest request);

    /**
     * Appends every request in one statement and one commit, answering each as {@link #append} would have answered
     * it alone. The requests must name different streams.
     */
    Mono<List<AppendAnswer>> appendAll(List<AppendRequest> requests);

    /** The stream's snapshot, whatever its schema version. */
    Mono<StoredSnapshot> loadSnapshot(StreamId stream);

    /** Stores the snapshot unless a newer one of the same schema version is already there. */
    Mono<Void> saveSnapshot(UUID tenantId, StoredSnapshot snapshot);
}

package io.decidr.cassandra.projection;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.runtime.ParkedEvent;
import io.decidr.projections.runtime.ParkedEventStore;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Parked events in the table {@code parked_events}: one partition per projector, clustered by stream and stream
 * version, so {@link #list(String)} reads them in the order the runtime retries them.
 *
 * <p>An event is keyed by its place in its stream, which identifies it as well as its id does. Parking it again
 * overwrites every column, so a re-park replaces the earlier record. {@code parkedAt} is kept to the millisecond.
 */
public final class CassandraParkedEventStore implements ParkedEventStore {

    private static final String COLUMNS =
            "projector, stream_id, stream_version, event_id, tx, position, event_type, error, attempts, parked_at";

    private final ReactiveCql cql;
    private final PreparedStatement insert;
    private final PreparedStatement selectByProjector;
    private final PreparedStatement selectByStream;
    private final PreparedStatement delete;

    private CassandraParkedEventStore(ReactiveCql cql, PreparedStatement insert, PreparedStatement selectByProjector,
            PreparedStatement selectByStream, PreparedStatement delete) {
        this.cql = cql;
        this.insert = insert;
        this.selectByProjector = selectByProjector;
        this.selectByStream = selectByStream;
        this.delete = delete;
    }

    /**
     * Prepares the statements, once, and gives the store that uses them. Fails if the table is missing, i.e. the
     * keyspace was not migrated.
     *
     * @param session bound to the keyspace that holds {@code parked_events}
     */
    public static Mono<CassandraParkedEventStore> prepare(CqlSession session) {
        ReactiveCql cql = new ReactiveCql(session);
        return Mono.zip(
                        cql.prepareAsync("INSERT INTO parked_events (" + COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        cql.prepareAsync("SELECT " + COLUMNS + " FROM parked_events WHERE projector = ?"),
                        cql.prepareAsync("SELECT stream_version, event_id FROM parked_events"
                                + " WHERE projector = ? AND stream_id = ?"),
                        cql.prepareAsync("DELETE FROM parked_events"
                                + " WHERE projector = ? AND stream_id = ? AND stream_version = ?"))
                .map(prepared -> new CassandraParkedEventStore(cql, prepared.getT1(), prepared.getT2(),
                        prepared.getT3(), prepared.getT4()));
    }

    @Override
    public Mono<Void> park(ParkedEvent event) {
        return cql.write(insert.bind(event.projector(), event.stream().value(), event.streamVersion(),
                event.eventId(), event.checkpoint().tx(), event.checkpoint().position(), event.type(), event.error(),
                event.attempts(), event.parkedAt()));
    }

    @Override
    public Flux<ParkedEvent> list(String projector) {
        return cql.readAll(selectByProjector.bind(projector), CassandraParkedEventStore::parkedEvent);
    }

    /**
     * Forgets the event. The key is the stream version, which the caller does not give: the stream's few parked
     * rows are read to find it. Removing an event that is not parked does nothing.
     */
    @Override
    public Mono<Void> remove(String projector, StreamId stream, UUID eventId) {
        return cql.readAll(selectByStream.bind(projector, stream.value()), row -> row)
                .filter(row -> eventId.equals(row.getUuid("event_id")))
                .concatMap(row -> cql.write(delete.bind(projector, stream.value(), row.getLong("stream_version"))))
                .then();
    }

    private static ParkedEvent parkedEvent(Row row) {
        return new ParkedEvent(
                row.getString("projector"),
                new Checkpoint(row.getLong("tx"), row.getLong("position")),
                new StreamId(row.getString("stream_id")),
                row.getLong("stream_version"),
                row.getUuid("event_id"),
                row.getString("event_type"),
                row.getString("error"),
                row.getInt("attempts"),
                row.getInstant("parked_at"));
    }
}

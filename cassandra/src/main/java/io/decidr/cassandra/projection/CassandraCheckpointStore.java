package io.decidr.cassandra.projection;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.eventstore.Checkpoint;
import io.decidr.projections.runtime.CheckpointStore;
import reactor.core.publisher.Mono;

/**
 * Projector checkpoints in the table {@code projector_checkpoints}, one row per projector.
 *
 * <p>A save overwrites the row. The driver stamps each write once, before any retry, so a retried older save
 * never overwrites a newer one. The transaction id is kept as a {@code bigint}: the same 64 bits, read back
 * unchanged (it is never compared in CQL, where its sign would matter).
 */
public final class CassandraCheckpointStore implements CheckpointStore {

    private final ReactiveCql cql;
    private final PreparedStatement select;
    private final PreparedStatement upsert;

    private CassandraCheckpointStore(ReactiveCql cql, PreparedStatement select, PreparedStatement upsert) {
        this.cql = cql;
        this.select = select;
        this.upsert = upsert;
    }

    /**
     * Prepares the statements, once, and gives the store that uses them. Fails if the table is missing, i.e. the
     * keyspace was not migrated.
     *
     * @param session bound to the keyspace that holds {@code projector_checkpoints}
     */
    public static Mono<CassandraCheckpointStore> prepare(CqlSession session) {
        ReactiveCql cql = new ReactiveCql(session);
        return Mono.zip(
                        cql.prepareAsync("SELECT tx, position FROM projector_checkpoints WHERE projector = ?"),
                        cql.prepareAsync("INSERT INTO projector_checkpoints (projector, tx, position, updated_at)"
                                + " VALUES (?, ?, ?, toTimestamp(now()))"))
                .map(prepared -> new CassandraCheckpointStore(cql, prepared.getT1(), prepared.getT2()));
    }

    @Override
    public Mono<Checkpoint> load(String projector) {
        return cql.readAll(select.bind(projector), CassandraCheckpointStore::checkpoint)
                .next()
                .defaultIfEmpty(Checkpoint.START);
    }

    @Override
    public Mono<Void> save(String projector, Checkpoint checkpoint) {
        return cql.write(upsert.bind(projector, checkpoint.tx(), checkpoint.position()));
    }

    private static Checkpoint checkpoint(Row row) {
        return new Checkpoint(row.getLong("tx"), row.getLong("position"));
    }
}

package io.decidr.cassandra.projection;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.eventstore.Checkpoint;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.FencedOut;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projector checkpoints in the table {@code projector_checkpoints}, one row per projector.
 *
 * <p>A save overwrites the row. The driver stamps each write once, before any retry, so a retried older save
 * never overwrites a newer one. The transaction id is kept as a {@code bigint}: the same 64 bits, read back
 * unchanged (it is never compared in CQL, where its sign would matter).
 *
 * <p>{@link #fencedBy(long) Fenced}, as production's projector runners use it, every write is a lightweight
 * transaction on the row's {@code epoch} (V5): a claim raises it to the runner's lease epoch (never lowers it), and a
 * save applies only while it is still the runner's. The claim's read is a serial one, so the runner starts from the
 * last checkpoint any earlier holder managed to store. Unfenced writes (above) are for tools and tests that own the
 * keyspace; a row is written one way or the other, never both.
 */
public final class CassandraCheckpointStore implements CheckpointStore {

    private final ReactiveCql cql;
    private final PreparedStatement select;
    private final PreparedStatement upsert;
    private final PreparedStatement selectEpoch;
    private final PreparedStatement claimNew;
    private final PreparedStatement claim;
    private final PreparedStatement saveFenced;

    private CassandraCheckpointStore(ReactiveCql cql, List<PreparedStatement> prepared) {
        this.cql = cql;
        this.select = prepared.get(0);
        this.upsert = prepared.get(1);
        this.selectEpoch = prepared.get(2);
        this.claimNew = prepared.get(3);
        this.claim = prepared.get(4);
        this.saveFenced = prepared.get(5);
    }

    /**
     * Prepares the statements, once, and gives the store that uses them. Fails if the table is missing, i.e. the
     * keyspace was not migrated.
     *
     * @param session bound to the keyspace that holds {@code projector_checkpoints}
     */
    public static Mono<CassandraCheckpointStore> prepare(CqlSession session) {
        ReactiveCql cql = new ReactiveCql(session);
        return Flux.concat(
                        cql.prepareAsync("SELECT tx, position FROM projector_checkpoints WHERE projector = ?"),
                        cql.prepareAsync("INSERT INTO projector_checkpoints (projector, tx, position, updated_at)"
                                + " VALUES (?, ?, ?, toTimestamp(now()))"),
                        cql.prepareAsync("SELECT tx, position, epoch FROM projector_checkpoints WHERE projector = ?"),
                        cql.prepareAsync("INSERT INTO projector_checkpoints (projector, tx, position, epoch, updated_at)"
                                + " VALUES (?, ?, ?, ?, toTimestamp(now())) IF NOT EXISTS"),
                        cql.prepareAsync("UPDATE projector_checkpoints SET epoch = ? WHERE projector = ? IF epoch = ?"),
                        cql.prepareAsync("UPDATE projector_checkpoints SET tx = ?, position = ?, updated_at = toTimestamp(now())"
                                + " WHERE projector = ? IF epoch = ?"))
                .collectList()
                .map(prepared -> new CassandraCheckpointStore(cql, prepared));
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

    @Override
    public CheckpointStore fencedBy(long epoch) {
        return new Fenced(epoch);
    }

    /** Claims the row for {@code epoch} (retrying while other claims race with it) and gives its checkpoint. */
    private Mono<Checkpoint> claim(String projector, long epoch) {
        return cql.readSerial(selectEpoch.bind(projector))
                .flatMap(found -> {
                    Row row = found.one();
                    if (row == null) {
                        return cql.conditional(claimNew.bind(projector, Checkpoint.START.tx(), Checkpoint.START.position(), epoch))
                                .flatMap(claimed -> claimed.wasApplied() || epochOf(claimed.one()) == epoch
                                        ? Mono.just(Checkpoint.START) : Mono.empty());
                    }
                    Long stored = row.isNull("epoch") ? null : row.getLong("epoch");
                    if (stored != null && stored > epoch) {
                        return Mono.error(new FencedOut(projector, epoch, stored));
                    }
                    if (stored != null && stored == epoch) {
                        return Mono.just(checkpoint(row));
                    }
                    // a retried claim that was applied the first time answers "not applied, epoch = ours"
                    return cql.conditional(claim.bind(epoch, projector, stored))
                            .flatMap(claimed -> claimed.wasApplied() || epochOf(claimed.one()) == epoch
                                    ? Mono.just(checkpoint(row)) : Mono.empty());
                })
                // another claim changed the row between the read and the write: read it again
                .repeatWhenEmpty(16, attempts -> attempts.delayElements(Duration.ofMillis(10)))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "could not claim the checkpoint of projector " + projector + " for epoch " + epoch
                                + ": other claims kept changing it")));
    }

    private Mono<Void> saveFenced(String projector, Checkpoint checkpoint, long epoch) {
        return cql.conditional(saveFenced.bind(checkpoint.tx(), checkpoint.position(), projector, epoch))
                .flatMap(saved -> saved.wasApplied() ? Mono.empty()
                        : Mono.error(new FencedOut(projector, epoch, epochOf(saved.one()))));
    }

    private static long epochOf(Row notApplied) {
        return notApplied == null || !notApplied.getColumnDefinitions().contains("epoch") || notApplied.isNull("epoch")
                ? -1 : notApplied.getLong("epoch");
    }

    private final class Fenced implements CheckpointStore {

        private final long epoch;

        Fenced(long epoch) {
            this.epoch = epoch;
        }

        @Override
        public Mono<Checkpoint> load(String projector) {
            return claim(projector, epoch);
        }

        @Override
        public Mono<Void> save(String projector, Checkpoint checkpoint) {
            return saveFenced(projector, checkpoint, epoch);
        }

        @Override
        public CheckpointStore fencedBy(long other) {
            return CassandraCheckpointStore.this.fencedBy(other);
        }
    }

    private static Checkpoint checkpoint(Row row) {
        return new Checkpoint(row.getLong("tx"), row.getLong("position"));
    }
}

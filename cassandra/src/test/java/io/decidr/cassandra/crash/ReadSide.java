package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.cassandra.testing.TestKeyspace;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.ParkedEvent;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.Projector;
import io.r2dbc.pool.ConnectionPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * A test's event log (a fresh PostgreSQL database) and the Cassandra keyspaces it is projected into, each migrated
 * with the production CQL migrations.
 */
final class ReadSide implements AutoCloseable {

    final TestPostgres.Database database;
    final PostgresEventStore store;
    private final ConnectionPool pool;
    private final EventNotifications notifications;
    private final AllEventsFeed feed;
    private final List<CqlSession> sessions = new ArrayList<>();

    private ReadSide(TestPostgres.Database database) {
        this.database = database;
        this.pool = database.pool(12);
        this.store = new PostgresEventStore(pool);
        this.notifications = new EventNotifications(database.connectionFactory());
        this.feed = new AllEventsFeed(store, notifications);
    }

    static ReadSide start() {
        return new ReadSide(TestPostgres.newDatabase());
    }

    AllEventsFeed feed() {
        return feed;
    }

    /** A new keyspace with the read-model schema; the session is closed with this. */
    Keyspace newKeyspace() {
        TestKeyspace keyspace = TestCassandra.newKeyspace();
        CqlSession session = keyspace.openSession();
        sessions.add(session);
        CqlMigrations.fromClasspath(session).migrate();
        return new Keyspace(keyspace.name(), session);
    }

    /**
     * Runs the production projectors in this JVM from their stored checkpoints until each has applied every event up to
     * {@code head}, then stops them.
     *
     * @return how many events they applied together (each sees every event of the log)
     */
    long projectUntil(Keyspace keyspace, Checkpoint head, int batchSize, Duration timeout) {
        AtomicLong applied = new AtomicLong();
        try (ReadModelProjectors projectors = ReadModelProjectors.start(keyspace.session(), store, feed, batchSize,
                projection -> new CountingProjection(projection, applied))) {
            assertThat(projectors.awaitPosition(head, timeout))
                    .as("all projectors of %s reach %s within %s", keyspace.name(), head, timeout)
                    .isTrue();
        }
        return applied.get();
    }

    /** A projector (not started) following this log with production settings but the batch size. */
    Projector projector(Projection projection, CheckpointStore checkpoints, ParkedEventStore parked, int batchSize) {
        return new Projector(projection, store, feed, checkpoints, parked, ReadModelProjectors.settings(batchSize),
                Clock.systemUTC());
    }

    /** Sets every projector's checkpoint back to the start of {@code $all}. */
    void resetCheckpoints(Keyspace keyspace) {
        CheckpointStore checkpoints = ReadModelProjectors.checkpoints(keyspace.session());
        Flux.fromIterable(ReadModelProjectors.NAMES)
                .concatMap(name -> checkpoints.save(name, Checkpoint.START))
                .blockLast(Duration.ofSeconds(30));
        for (String name : ReadModelProjectors.NAMES) {
            assertThat(checkpoints.load(name).block(Duration.ofSeconds(30))).isEqualTo(Checkpoint.START);
        }
    }

    /** Events any projector of the keyspace set aside (there must be none: a parked event is a read-model gap). */
    List<ParkedEvent> parkedEvents(Keyspace keyspace) {
        ParkedEventStore parked = ReadModelProjectors.parkedEvents(keyspace.session());
        return Flux.fromIterable(ReadModelProjectors.NAMES)
                .concatMap(parked::list)
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        sessions.forEach(CqlSession::close);
        notifications.close();
        pool.dispose();
    }

    /** A migrated keyspace and a session bound to it. */
    record Keyspace(String name, CqlSession session) {

        ReadModelDump values() {
            return ReadModelDump.values(session, name);
        }

        ReadModelDump valuesAndWriteTimes() {
            return ReadModelDump.valuesAndWriteTimes(session, name);
        }
    }
}

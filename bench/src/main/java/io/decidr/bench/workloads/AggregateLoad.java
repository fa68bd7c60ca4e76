package io.decidr.bench.workloads;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.command.Versioned;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.bench.BenchContext;
import io.decidr.bench.Fixture;
import io.decidr.bench.Measured;
import io.decidr.bench.RawPostgres;
import io.decidr.bench.Row;
import io.decidr.bench.Workload;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * Loading one aggregate of many events from cold (no cache): from its events alone, and from a snapshot, each next to
 * the raw read of the rows it needs. The events are copies of one real value.set event, written in one statement.
 */
public final class AggregateLoad implements Workload {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "aggregate-load";
    }

    @Override
    public void run(BenchContext context) {
        Fixture fixture = context.fixture();
        PostgresEventStore store = context.platform().bean(PostgresEventStore.class);
        EntityHandler entities = context.platform().bean(EntityHandler.class);
        int events = context.sizes().aggregateEvents();
        // two entities of their own: version 1 created, version 2 a value.set that changes the score (it is copied)
        List<EntityId> two = List.of(
                new EntityId(entities.create(fixture.member(), fixture.items(), Fixture.values(1), UUID.randomUUID()).block(WAIT).id()),
                new EntityId(entities.create(fixture.member(), fixture.items(), Fixture.values(2), UUID.randomUUID()).block(WAIT).id()));
        for (EntityId entity : two) {
            entities.setValue(fixture.member(), entity, Fixture.score(7_777), UUID.randomUUID()).block(WAIT);
            grow(context, store(fixture, entity), events);
        }
        UUID tenant = fixture.tenant();
        EntityId plain = two.get(0);
        EntityId snapshotted = two.get(1);
        snapshot(store, tenant, snapshotted);
        RawPostgres raw = new RawPostgres(context.platform().postgres(), "{}", "{}");
        // a bus of its own per load: nothing cached, as after a restart
        CommandBusSettings settings = new CommandBusSettings(8, Duration.ofMillis(20), Integer.MAX_VALUE, 0);

        context.settle();
        Measured rawRead = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> check(raw.readStream(store(fixture, plain).value()), events));
        context.settle();
        Measured load = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> check(new CommandBus(store, settings).load(Aggregates.ENTITY, tenant, plain.value())
                        .block(WAIT).version(), events));
        context.report().add(Row.of("aggregate load", events + " events, no snapshot", load)
                .against("raw read of the rows", rawRead));

        context.settle();
        Measured rawSnapshot = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> check(raw.readSnapshot(store(fixture, snapshotted).value()), 1));
        context.settle();
        Measured fromSnapshot = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> check(new CommandBus(store, settings).load(Aggregates.ENTITY, tenant, snapshotted.value())
                        .block(WAIT).version(), events));
        context.report().add(Row.of("aggregate load", events + " events, snapshot", fromSnapshot)
                .against("raw read of the snapshot", rawSnapshot));
    }

    private static StreamId store(Fixture fixture, EntityId entity) {
        return Aggregates.ENTITY.stream(fixture.tenant(), entity.value());
    }

    /** Copies the stream's value.set (version 2) until the stream has {@code events} events. */
    private static void grow(BenchContext context, StreamId stream, int events) {
        Flux.usingWhen(context.platform().postgres().create(),
                        c -> Flux.from(c.createStatement("""
                                        INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                                        SELECT e.tenant_id, e.stream_id, v, gen_random_uuid(), e.event_type, e.schema_version, e.data, e.metadata
                                        FROM events e, generate_series(3, $2::bigint) AS v
                                        WHERE e.stream_id = $1 AND e.stream_version = 2
                                        ORDER BY v
                                        """).bind(0, stream.value()).bind(1, (long) events).execute())
                                .flatMap(io.r2dbc.spi.Result::getRowsUpdated),
                        Connection::close)
                .blockLast(WAIT);
    }

    private static void snapshot(PostgresEventStore store, UUID tenant, EntityId entity) {
        CommandBusSettings settings = new CommandBusSettings(8, Duration.ofMillis(20), Integer.MAX_VALUE, 0);
        Versioned<EntityState> state = new CommandBus(store, settings).load(Aggregates.ENTITY, tenant, entity.value()).block(WAIT);
        store.saveSnapshot(tenant, new StoredSnapshot(Aggregates.ENTITY.stream(tenant, entity.value()), state.version(),
                Aggregates.ENTITY.states().schemaVersion(), Aggregates.ENTITY.states().encode(state.state()))).block(WAIT);
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + ", expected " + expected);
        }
    }
}

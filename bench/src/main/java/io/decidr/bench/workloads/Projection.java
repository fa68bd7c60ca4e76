package io.decidr.bench.workloads;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Result;
import io.decidr.bench.BenchContext;
import io.decidr.bench.ClosedLoop;
import io.decidr.bench.Fixture;
import io.decidr.bench.Latencies;
import io.decidr.bench.Measured;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.eventstore.Checkpoint;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.projections.runtime.ManagedProjector;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entities projector: how fast it applies a backlog of entity.created events (next to the raw prepared Cassandra
 * writes of the same rows, at the projector's own concurrency), how far it trails a steady write load at half the
 * create rate, and how fast it rebuilds its read model from the whole log.
 */
public final class Projection implements Workload {

    private static final Duration WAIT = Duration.ofMinutes(5);
    /** The projector applies up to 8 streams at once (ProjectorSettings.defaults). */
    private static final int PROJECTOR_PARALLELISM = 8;

    @Override
    public String name() {
        return "projection";
    }

    @Override
    public void run(BenchContext context) {
        ProjectorRole role = context.platform().bean(ProjectorRole.class);
        ManagedProjector entities = role.named("entities").orElseThrow();
        int backlog = context.sizes().smoke() ? 2_000 : 20_000;
        Fixture fixture = context.fixture();
        fixture.entities(1);

        // a backlog: the projector stopped, then N entity.created events (copies of a real one, each a new entity);
        // this process keeps its lease, so the projector starts again under the same epoch
        long epoch = role.leases().get("entities");
        entities.close();
        Checkpoint last = backlog(context, fixture, backlog);
        Measured catchUp = context.loop().once(backlog, () -> {
            entities.start(epoch).block(WAIT);
            if (!Boolean.TRUE.equals(entities.awaitPosition(last, WAIT).block(WAIT))) {
                throw new IllegalStateException("the projector did not catch up with " + last);
            }
        });
        Measured raw = rawWrites(context, role.generations().get(ReadModel.ENTITIES), backlog);
        context.report().add(Row.of("projection catch-up", backlog + " entity.created", catchUp)
                .against("raw Cassandra writes", raw).aiming(new Target.Ratio(0.7)));

        lagUnderLoad(context, entities);
        rebuild(context, entities);
    }

    /** Inserts {@code count} entity.created events for new entities of the fixture's collection; the last one's checkpoint. */
    private static Checkpoint backlog(BenchContext context, Fixture fixture, int count) {
        return Flux.usingWhen(context.platform().postgres().create(),
                        c -> Flux.from(c.createStatement("""
                                        WITH sample AS (
                                            SELECT tenant_id, data, metadata FROM events
                                            WHERE event_type = 'entity.created' AND tenant_id = $1 LIMIT 1
                                        ), copies AS (
                                            INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                                            SELECT s.tenant_id, 'entity:' || s.tenant_id || ':' || n.id, 1, gen_random_uuid(), 'entity.created', 1,
                                                   jsonb_set(s.data, '{id}', to_jsonb(n.id::text)), s.metadata
                                            FROM sample s, (SELECT gen_random_uuid() AS id FROM generate_series(1, $2)) AS n
                                            RETURNING global_position
                                        )
                                        SELECT max(global_position) AS last, pg_current_xact_id()::text AS tx FROM copies
                                        """).bind(0, fixture.tenant()).bind(1, count).execute())
                                .flatMap(result -> result.map(row -> new Checkpoint(
                                        Long.parseUnsignedLong(row.get("tx", String.class)), row.get("last", Long.class)))),
                        Connection::close)
                .blockLast(WAIT);
    }

    /**
     * The three rows an entity.created becomes (EntityWriter's statements; 16 buckets per collection), written by
     * prepared statements at the projector's concurrency.
     */
    private static Measured rawWrites(BenchContext context, int generation, int count) {
        CqlSession cql = context.platform().cassandra();
        PreparedStatement byId = cql.prepare(ReadModel.ENTITIES.sql("""
                UPDATE entity_by_id USING TIMESTAMP :v
                SET collection_id = :collection, archived = false, version = :v, created_at = :at, updated_at = :at,
                    vals = :vals
                WHERE tenant_id = :tenant AND entity_id = :entity""", generation));
        PreparedStatement inCollection = cql.prepare(ReadModel.ENTITIES.sql("""
                UPDATE entities_by_collection USING TIMESTAMP :v
                SET archived = false, version = :v, vals = :vals, filter_vals = :filter
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""",
                generation));
        PreparedStatement history = cql.prepare(ReadModel.ENTITIES.sql("""
                INSERT INTO entity_history (tenant_id, entity_id, version, event_type, actor, recorded_at, attribute_id,
                                            value, previous, detail)
                VALUES (:tenant, :entity, :v, :type, :actor, :at, :attribute, :value, :previous, :detail)
                USING TIMESTAMP :v""", generation));
        UUID tenant = UUID.randomUUID();
        UUID collection = UUID.randomUUID();
        Map<UUID, String> vals = new HashMap<>(Map.of(UUID.randomUUID(), "\"item\"", UUID.randomUUID(), "42"));
        Map<UUID, String> filter = new HashMap<>(Map.of(UUID.randomUUID(), "item", UUID.randomUUID(), "42"));
        return context.loop().once(count, () -> Flux.range(0, count)
                .flatMap(i -> {
                    UUID entity = UUID.randomUUID();
                    Instant at = Instant.now();
                    return Mono.when(
                            Mono.fromCompletionStage(() -> cql.executeAsync(byId.bind().setLong("v", 1).setUuid("collection", collection)
                                    .setInstant("at", at).setMap("vals", vals, UUID.class, String.class)
                                    .setUuid("tenant", tenant).setUuid("entity", entity))),
                            Mono.fromCompletionStage(() -> cql.executeAsync(inCollection.bind().setLong("v", 1)
                                    .setMap("vals", vals, UUID.class, String.class).setMap("filter", filter, UUID.class, String.class)
                                    .setUuid("tenant", tenant).setUuid("collection", collection)
                                    .setInt("bucket", Math.floorMod(entity.hashCode(), 16)).setUuid("entity", entity))),
                            Mono.fromCompletionStage(() -> cql.executeAsync(history.bind().setUuid("tenant", tenant)
                                    .setUuid("entity", entity).setLong("v", 1).setString("type", "entity.created")
                                    .setString("actor", "bench").setInstant("at", at))));
                }, PROJECTOR_PARALLELISM)
                .blockLast(WAIT));
    }

    /**
     * Creates at half the rate 16 clients reach, and for each the time from its command's answer to the entities
     * projector having applied it.
     */
    private static void lagUnderLoad(BenchContext context, ManagedProjector entities) {
        EntityHandler handler = context.platform().bean(EntityHandler.class);
        Fixture fixture = context.fixture();
        ClosedLoop loop = context.loop();
        Measured max = loop.run(16, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> WritePath.create(handler, fixture, n));
        double half = max.rate() / 2;
        // the lag of the paced writes alone, not of the backlog the maximum left behind
        context.settle();
        ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        Latencies lag = new Latencies();
        Runnable settle = () -> {
            Checkpoint reached = entities.position();
            long now = System.nanoTime();
            for (Pending waiting : pending) {
                // whoever removes it records it, once
                if (waiting.checkpoint().compareTo(reached) <= 0 && pending.remove(waiting)) {
                    synchronized (lag) {
                        lag.record(now - waiting.answeredAt());
                    }
                }
            }
        };
        Disposable watching = entities.progress().subscribe(reached -> settle.run());
        try {
            Measured paced = loop.paced(16, half, context.sizes().warmUp(), context.sizes().window(), (client, n) -> {
                Result result = handler.create(fixture.member(), fixture.items(), Fixture.values(n),
                        UUID.randomUUID()).block(WAIT);
                pending.add(new Pending(result.last(), System.nanoTime()));
                // it may have been applied before it was added
                settle.run();
            });
            // the last ones catch up
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                settle.run();
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            Measured lagged = new Measured(lag.count(), paced.seconds(), lag, pending.size(),
                    pending.isEmpty() ? null : pending.size() + " creates never seen projected", paced.cpu());
            context.report().add(Row.of("projection lag", String.format(Locale.ROOT, "creates at %.0f/s (half max)", half),
                    lagged).aiming(new Target.P99(1_000)));
        } finally {
            watching.dispose();
        }
    }

    /** Replays the whole log into a new generation of the entities read model, until it takes over. */
    private static void rebuild(BenchContext context, ManagedProjector entities) {
        long events = Flux.usingWhen(context.platform().postgres().create(),
                        c -> Flux.from(c.createStatement("SELECT count(*) AS n FROM events").execute())
                                .flatMap(result -> result.map(row -> row.get("n", Long.class))),
                        Connection::close)
                .blockLast(WAIT);
        int before = entities.generation();
        Measured rebuilt = context.loop().once(events, () -> {
            Mono<Integer> switched = entities.switches().filter(generation -> generation > before).next().cache();
            switched.subscribe();
            entities.rebuild().block(WAIT);
            switched.block(WAIT);
        });
        context.report().add(Row.of("rebuild (entities)", events + " events in the log", rebuilt));
    }

    private record Pending(Checkpoint checkpoint, long answeredAt) {
    }
}

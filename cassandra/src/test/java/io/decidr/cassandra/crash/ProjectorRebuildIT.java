package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.decidr.cassandra.projection.CassandraGenerationStore;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.projections.runtime.GenerationStore;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.ProjectionGeneration;
import io.decidr.projections.runtime.ProjectionGeneration.State;
import io.decidr.projections.runtime.Projector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Rebuilding the read models while they serve: every projector replays the whole log into a new generation of its
 * tables while writers go on appending and queries go on answering from the old generation; each new generation takes
 * over once it has caught up, and then holds exactly what the old one held (values and write times).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ProjectorRebuildIT {

    private static final Logger log = LoggerFactory.getLogger(ProjectorRebuildIT.class);
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final Duration CATCH_UP = Duration.ofMinutes(2);
    private static final long GATE_AFTER = 2_000;

    private ReadSide readSide;
    private ReadSide.Keyspace keyspace;
    private GenerationStore generations;
    private long epochs;
    private List<ManagedProjector> projectors;
    private ReadModelQueries queries;
    private final AtomicLong rebuilt = new AtomicLong();
    private final Sinks.Empty<Void> release = Sinks.empty();
    /**
     * Holds every rebuild before its first event until the test has seen a second rebuild refused: a small model
     * (tenants) would otherwise catch up and switch over before the second request, which is then not refused.
     */
    private final Sinks.Empty<Void> begin = Sinks.empty();

    @BeforeAll
    void projectALog() {
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        readSide = ReadSide.start();
        keyspace = readSide.newKeyspace();
        generations = CassandraGenerationStore.prepare(keyspace.session()).block(Duration.ofMinutes(1));
        new Workload(readSide.store, SEED).setUp(3).runUntil(1_500, Duration.ofMinutes(3));
        projectors = open();
        queries = new ReadModelQueries(keyspace.session(), servingGenerations());
        startAll();
        awaitAll(EventLog.head(readSide.database));
    }

    @AfterAll
    void close() {
        if (projectors != null) {
            projectors.forEach(ManagedProjector::close);
        }
        if (readSide != null) {
            readSide.close();
        }
    }

    /** Starts every projector as a process that just took their leases would: under a higher epoch than before. */
    private void startAll() {
        long epoch = ++epochs;
        Flux.fromIterable(projectors).concatMap(projector -> projector.start(epoch)).then().block(Duration.ofMinutes(1));
    }

    private List<ManagedProjector> open() {
        CqlSession session = keyspace.session();
        var checkpoints = ReadModelProjectors.checkpoints(session);
        var parked = ReadModelProjectors.parkedEvents(session);
        var settings = ReadModelProjectors.settings(100);
        return Flux.fromArray(ReadModel.values())
                .concatMap(model -> ManagedProjector.open(model.projector(), new ReadModelGenerations(session, model, TestKeys.of(readSide.store)),
                        generations, (projection, epoch) -> new Projector(gated(projection), readSide.store,
                                readSide.feed(), checkpoints.fencedBy(epoch), parked, settings, Clock.systemUTC()),
                        // retired generations kept: the test compares them with the new ones
                        Clock.systemUTC(), Duration.ofMillis(100), Duration.ofHours(1)))
                .collectList()
                .block(Duration.ofMinutes(2));
    }

    /**
     * A rebuild's projection (not generation 1's) that starts once {@link #begin} opens and stops after
     * {@link #GATE_AFTER} events until {@link #release}:
     * so the rebuild is under way while the writers write, and takes over only after the old generation has reached
     * the head (for the comparison of the two).
     */
    private Projection gated(Projection projection) {
        if (!projection.name().contains("@g")) {
            return projection;
        }
        return new Projection() {
            @Override
            public String name() {
                return projection.name();
            }

            @Override
            public Mono<Void> apply(RecordedEvent event) {
                Mono<Void> applying = Mono.defer(() -> projection.apply(event));
                return begin.asMono().then(Mono.defer(
                        () -> rebuilt.incrementAndGet() > GATE_AFTER ? release.asMono().then(applying) : applying));
            }
        };
    }

    private Map<ReadModel, Integer> servingGenerations() {
        Map<ReadModel, Integer> serving = new EnumMap<>(ReadModel.class);
        projectors.forEach(p -> serving.put(ReadModel.ofProjector(p.name()).orElseThrow(), p.generation()));
        return serving;
    }

    private void awaitAll(Checkpoint head) {
        Boolean all = Flux.fromIterable(projectors).flatMap(p -> p.awaitPosition(head, CATCH_UP)).all(reached -> reached)
                .block(CATCH_UP.plusSeconds(10));
        assertThat(all).as("every serving projector reaches %s", head).isTrue();
    }

    @Test
    void rebuildsWhileWritersWriteAndQueriesAnswerThenServesTheSameData() throws Exception {
        List<RecordedEvent> before = EventLog.all(readSide.store);
        Set<UUID> tenants = new HashSet<>();
        List<UUID[]> entities = new ArrayList<>();
        List<UUID[]> jobs = new ArrayList<>();
        for (RecordedEvent event : before) {
            String[] parts = event.stream().value().split(":");
            tenants.add(UUID.fromString(parts[1]));
            if (event.type().equals("entity.created")) {
                entities.add(new UUID[] {UUID.fromString(parts[1]), UUID.fromString(parts[2])});
            }
            if (event.type().equals("job.requested")) {
                jobs.add(new UUID[] {UUID.fromString(parts[1]), UUID.fromString(parts[2])});
            }
        }
        assertThat(jobs).as("jobs requested before the rebuild").isNotEmpty();
        // preparing statements blocks: never on a driver thread
        projectors.forEach(p -> p.switches().publishOn(Schedulers.boundedElastic()).subscribe(g -> queries.use(servingGenerations())));

        // queries answer throughout, from whichever generation serves
        AtomicBoolean querying = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        // their own threads: the common pool has a single worker on a 2-core machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (querying.get() && wrong.get() == null) {
                UUID[] job = jobs.get(i % jobs.size());
                UUID[] entity = entities.get(i++ % entities.size());
                try {
                    if (queries.entities().entity(entity[0], entity[1]).block(Duration.ofSeconds(10)) == null) {
                        wrong.set("entity " + entity[1] + " is missing while generations are " + queries.generations());
                    }
                    if (queries.tenants().tenant(entity[0]).block(Duration.ofSeconds(10)) == null
                            || queries.collections().collections(entity[0]).block(Duration.ofSeconds(10)).isEmpty()) {
                        wrong.set("tenant " + entity[0] + " or its collections are missing: " + queries.generations());
                    }
                    if (queries.jobs().job(job[0], job[1]).block(Duration.ofSeconds(10)) == null
                            || queries.jobs().jobs(job[0], null, 5, null).block(Duration.ofSeconds(10)).items().isEmpty()) {
                        wrong.set("job " + job[1] + " is missing, or not listed: " + queries.generations());
                    }
                    answered.incrementAndGet();
                } catch (RuntimeException e) {
                    wrong.set("a query failed: " + e);
                }
            }
        }, threads);

        // writers go on while the new generations build
        AtomicBoolean writing = new AtomicBoolean(true);
        Workload more = new Workload(readSide.store, SEED + 1).setUp(2);
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(
                () -> more.runUntil(count -> !writing.get() || count >= 5_000, () -> Long.MAX_VALUE, Duration.ofMinutes(3)),
                threads);

        List<ProjectionGeneration> started = Flux.fromIterable(projectors).concatMap(ManagedProjector::rebuild)
                .collectList().block(Duration.ofMinutes(1));
        Checkpoint rebuildStarted = EventLog.head(readSide.database);
        assertThat(started).extracting(ProjectionGeneration::generation).containsOnly(2);
        assertThat(started).extracting(ProjectionGeneration::state).containsOnly(State.BUILDING);
        assertThatThrownBy(() -> projectors.getFirst().rebuild().block(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("being rebuilt already");
        begin.tryEmitEmpty();
        assertThat(queries.generations().values()).as("the old generation serves while the new one builds").containsOnly(1);

        Await.until("the rebuilds are under way", CATCH_UP, () -> rebuilt.get() > GATE_AFTER);
        writing.set(false);
        writer.get(3, TimeUnit.MINUTES);
        Checkpoint head = EventLog.head(readSide.database);
        awaitAll(head);
        assertThat(projectors).as("no generation took over before its replay was let through")
                .allSatisfy(p -> assertThat(p.generation()).isEqualTo(1));
        release.tryEmitEmpty();
        Await.until("every read model serves from generation 2", CATCH_UP,
                () -> projectors.stream().allMatch(p -> p.generation() == 2) && queries.generations().values().stream().allMatch(g -> g == 2));
        awaitAll(head);
        querying.set(false);
        reader.get(1, TimeUnit.MINUTES);
        threads.shutdown();
        long written = EventLog.all(readSide.store).stream().filter(e -> e.checkpoint().compareTo(rebuildStarted) > 0).count();
        log.info("{} events appended during the rebuild; {} query rounds answered", written, answered.get());
        assertThat(wrong.get()).isNull();
        assertThat(answered.get()).isPositive();
        assertThat(written).as("writers wrote while the rebuild ran").isPositive();

        // the retired generation stopped where the new one took over; with writers stopped, both are at the head
        SortedMap<String, List<String>> dump = keyspace.valuesAndWriteTimes().tables();
        for (ReadModel model : ReadModel.values()) {
            for (String table : tablesOf(model)) {
                assertThat(dump.get(ReadModel.physical(table, 2)))
                        .as("generation 2 of %s equals generation 1", table)
                        .isEqualTo(dump.get(table))
                        .isNotEmpty();
            }
        }
        assertThat(schema(keyspace.session(), 2)).as("the same layout").isEqualTo(schema(keyspace.session(), 1));

        for (ManagedProjector projector : projectors) {
            List<ProjectionGeneration> history = projector.history().collectList().block(Duration.ofSeconds(30));
            assertThat(history).extracting(ProjectionGeneration::generation, ProjectionGeneration::state)
                    .containsExactly(tuple(2, State.SERVING),
                            tuple(1, State.RETIRED));
            ProjectionGeneration rebuilt = history.getFirst();
            assertThat(rebuilt.finishedAt()).isAfter(rebuilt.startedAt());
            assertThat(rebuilt.eventsProcessed()).isPositive();
            assertThat(rebuilt.eventsPerSecond(rebuilt.finishedAt())).isPositive();
            log.info("{}: generation 2 replayed {} events in {} ms ({} events/s)", projector.name(), rebuilt.eventsProcessed(),
                    rebuilt.finishedAt().toEpochMilli() - rebuilt.startedAt().toEpochMilli(),
                    Math.round(rebuilt.eventsPerSecond(rebuilt.finishedAt())));
        }

        // a restart in the middle of a rebuild resumes it from its own checkpoint
        projectors.stream().filter(p -> p.name().equals("entities")).findFirst().orElseThrow()
                .rebuild().block(Duration.ofMinutes(1));
        projectors.forEach(ManagedProjector::close);
        projectors = open();
        ManagedProjector reopened = projectors.stream().filter(p -> p.name().equals("entities")).findFirst().orElseThrow();
        assertThat(reopened.generation()).isEqualTo(2);
        startAll();
        Await.until("the interrupted rebuild of entities resumes and takes over", CATCH_UP, () -> reopened.generation() == 3);
        awaitAll(head);
        SortedMap<String, List<String>> after = keyspace.valuesAndWriteTimes().tables();
        for (String table : tablesOf(ReadModel.ENTITIES)) {
            assertThat(after.get(ReadModel.physical(table, 3))).as("generation 3 of %s", table).isEqualTo(dump.get(table));
        }
    }

    /** The model's tables: its objects but the indexes, which are named {@code <table>_<column>}. */
    private static List<String> tablesOf(ReadModel model) {
        return model.objects().stream()
                .filter(name -> model.objects().stream().noneMatch(table -> name.startsWith(table + "_")))
                .toList();
    }

    /** Columns (name, kind, type, clustering order) and indexes of each read-model table of a generation. */
    private static SortedMap<String, String> schema(CqlSession session, int generation) {
        String keyspace = session.getKeyspace().orElseThrow().asInternal();
        SortedMap<String, String> schema = new TreeMap<>();
        for (ReadModel model : ReadModel.values()) {
            for (String table : tablesOf(model)) {
                String physical = ReadModel.physical(table, generation);
                List<Row> columns = session.execute(SimpleStatement.newInstance("SELECT column_name, kind, type,"
                        + " clustering_order, position FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                        keyspace, physical)).all();
                List<Row> indexes = session.execute(SimpleStatement.newInstance("SELECT index_name, kind, options"
                        + " FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?", keyspace, physical)).all();
                schema.put(table, columns.stream().map(c -> c.getString("column_name") + " " + c.getString("kind") + " "
                                + c.getString("type") + " " + c.getString("clustering_order") + " " + c.getInt("position"))
                        .sorted().collect(Collectors.joining(", "))
                        + " | " + indexes.stream().map(i -> i.getString("index_name").replace("_g" + generation, "") + " "
                                + i.getString("kind") + " " + i.getMap("options", String.class, String.class))
                        .sorted().collect(Collectors.joining(", ")));
            }
        }
        return schema;
    }
}

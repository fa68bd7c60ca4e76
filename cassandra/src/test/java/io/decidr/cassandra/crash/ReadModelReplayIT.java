package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.runtime.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The read model is a pure function of the event log: projecting it again, from scratch or in part and out of
 * order, leaves every read-model table exactly as it was. That is what makes a projector safe to re-apply the
 * events after its last checkpoint when it restarts.
 *
 * <p>A few thousand events of a realistic mix (every event type of every aggregate, several tenants) are produced
 * through the production command handlers, then projected by the production projectors; every read-model table
 * is dumped (all rows, all columns) and compared, by value only and by value and write time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReadModelReplayIT {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplayIT.class);

    /** Set {@code -Ddecidr.crash.seed=<n>} to repeat a run. */
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final int EVENTS = 3_000;
    private static final int TENANTS = 4;
    private static final int BATCH = 200;
    private static final Duration PROJECTION_TIMEOUT = Duration.ofMinutes(2);

    static final List<String> EVENT_TYPES = List.of(
            "tenant.registered", "tenant.admin-granted", "tenant.renamed", "tenant.suspended", "tenant.reactivated",
            "collection.created", "collection.renamed", "collection.attribute-defined", "collection.attribute-renamed",
            "collection.attribute-removed", "collection.archived",
            "entity.created", "entity.value-set", "entity.value-cleared", "entity.archived", "entity.restored",
            "entity.linked", "entity.unlinked", "entity.backlink-added", "entity.backlink-removed",
            "comment.added", "comment.edited", "comment.deleted",
            "job.requested", "job.started", "job.progressed", "job.completed", "job.failed", "job.cancel-requested",
            "job.cancelled", "job.compensated");

    static final List<String> READ_MODEL_TABLES = List.of("collections_by_tenant", "comment_by_id", "comments_by_entity",
            "entities_by_collection", "entity_by_id", "entity_history", "job_by_id", "job_months_by_tenant", "jobs_by_tenant",
            "links_by_source", "links_by_target", "tenants");

    /** Each projector sees each event of the log. */
    private static final long PROJECTORS = ReadModelProjectors.NAMES.size();

    private ReadSide readSide;
    private ReadSide.Keyspace projected;
    private List<RecordedEvent> events;
    private Checkpoint head;
    private ReadModelDump values;
    private ReadModelDump valuesAndWriteTimes;

    @BeforeAll
    void projectARealisticLog() {
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        assertThat(ReadModelProjectors.NAMES).as("the projectors these tests run and reset")
                .containsExactlyElementsOf(Arrays.stream(ReadModel.values()).map(ReadModel::projector).toList());
        long started = System.nanoTime();
        readSide = ReadSide.start();
        Workload workload = new Workload(readSide.store, SEED).setUp(TENANTS);
        long appended = workload.runUntil(EVENTS, Duration.ofMinutes(3));
        events = EventLog.all(readSide.store);
        head = EventLog.head(readSide.database);
        long produced = System.nanoTime();

        assertThat(events).hasSize((int) appended).hasSizeGreaterThanOrEqualTo(EVENTS);
        assertThat(events.getLast().checkpoint()).isEqualTo(head);
        SortedMap<String, Integer> types = EventLog.types(events);
        assertThat(types.keySet()).as("every event type is in the mix").containsAll(EVENT_TYPES);
        assertThat(workload.rejections().keySet()).as("only links to archived entities are refused")
                .isSubsetOf("ARCHIVED");

        projected = readSide.newKeyspace();
        // at least: a batch that met a Cassandra timeout is applied again from the checkpoint
        assertThat(readSide.projectUntil(projected, head, BATCH, PROJECTION_TIMEOUT))
                .as("each of the projectors applied each event")
                .isGreaterThanOrEqualTo(PROJECTORS * events.size());
        assertThat(readSide.parkedEvents(projected)).isEmpty();
        values = projected.values().labelled("first projection");
        valuesAndWriteTimes = projected.valuesAndWriteTimes().labelled("first projection");

        // the dump must see every table, and all of each: cross-check row counts with the log
        assertThat(values.tables().keySet()).containsExactlyElementsOf(READ_MODEL_TABLES);
        SortedMap<String, Integer> rows = values.rowCounts();
        assertThat(rows.get("tenants")).isEqualTo(TENANTS);
        assertThat(rows.get("collections_by_tenant")).isEqualTo(types.get("collection.created"));
        assertThat(rows.get("entity_by_id")).isEqualTo(types.get("entity.created"));
        assertThat(rows.get("entities_by_collection")).isEqualTo(types.get("entity.created"));
        assertThat(rows.get("comment_by_id")).isEqualTo(types.get("comment.added"));
        assertThat(rows.get("comments_by_entity")).isEqualTo(types.get("comment.added"));
        assertThat(rows.get("entity_history")).isEqualTo(
                (int) events.stream().filter(event -> event.stream().category().equals("entity")).count());
        assertThat(rows.get("links_by_source")).isPositive().isLessThanOrEqualTo(types.get("entity.linked"));
        assertThat(rows.get("links_by_target")).isPositive().isLessThanOrEqualTo(types.get("entity.backlink-added"));
        assertThat(rows.get("job_by_id")).isEqualTo(types.get("job.requested"));
        assertThat(rows.get("jobs_by_tenant")).isEqualTo(types.get("job.requested"));
        // every tenant requests jobs; a run that spans the turn of a month may give a tenant two months
        assertThat(rows.get("job_months_by_tenant")).isBetween(TENANTS, 2 * TENANTS);
        log.info("{} events ({} commands, rejections {}) in {} ms, projected into {} rows {} in {} ms; event types {}",
                events.size(), workload.commands(), workload.rejections(), millis(started, produced), values.rowCount(),
                rows, millis(produced, System.nanoTime()), types);
    }

    @AfterAll
    void close() {
        if (readSide != null) {
            readSide.close();
        }
    }

    @Test
    void resetting_every_checkpoint_to_the_start_reapplies_the_whole_log_and_changes_nothing() {
        long started = System.nanoTime();
        readSide.resetCheckpoints(projected);

        assertThat(readSide.projectUntil(projected, head, BATCH, PROJECTION_TIMEOUT))
                .as("every event was applied again")
                .isGreaterThanOrEqualTo(PROJECTORS * events.size());

        assertSameReadModel(projected, "after re-applying everything");
        log.info("re-applied {} events over the projected read model in {} ms", events.size(), millis(started, System.nanoTime()));
    }

    @Test
    void projecting_the_same_log_into_a_fresh_keyspace_gives_the_same_read_model() {
        long started = System.nanoTime();
        ReadSide.Keyspace fresh = readSide.newKeyspace();

        // other batch boundaries, so that other streams are applied side by side
        assertThat(readSide.projectUntil(fresh, head, 37, PROJECTION_TIMEOUT)).isGreaterThanOrEqualTo(PROJECTORS * events.size());

        assertThat(readSide.parkedEvents(fresh)).isEmpty();
        assertSameReadModel(fresh, "a fresh keyspace");
        log.info("projected {} events into the fresh keyspace {} in {} ms", events.size(), fresh.name(),
                millis(started, System.nanoTime()));
    }

    @Test
    void reapplying_a_random_window_of_events_out_of_order_changes_nothing() {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        int size = events.size() * 2 / 5;
        int from = random.nextInt(events.size() - size + 1);
        List<RecordedEvent> window = new ArrayList<>(events.subList(from, from + size));
        Collections.shuffle(window, random);
        // the window must hold events that later ones of their stream overwrote, applied after those later ones
        assertThat(supersededWithin(window)).as("events re-applied after a newer event of their stream").isGreaterThan(100);
        assertThat(window.stream().map(RecordedEvent::type).distinct().toList())
                .contains("entity.value-set", "entity.archived", "entity.restored", "entity.unlinked",
                        "entity.backlink-removed", "comment.edited", "comment.deleted", "job.progressed");

        List<Projection> projections = ReadModelProjectors.projections(projected.session(), readSide.store);
        Flux.fromIterable(window)
                .concatMap(event -> Flux.fromIterable(projections).concatMap(projection -> projection.apply(event)))
                .blockLast(PROJECTION_TIMEOUT);

        assertSameReadModel(projected, "after re-applying events " + from + ".." + (from + size) + " out of order");
        log.info("re-applied a window of {} events (from #{}) out of order in {} ms", size, from, millis(started, System.nanoTime()));
    }

    /** How many events of the window come after a newer event of their own stream in the window's order. */
    private static long supersededWithin(List<RecordedEvent> window) {
        Map<StreamId, Long> newestSoFar = new HashMap<>();
        long superseded = 0;
        for (RecordedEvent event : window) {
            long newest = newestSoFar.getOrDefault(event.stream(), 0L);
            if (event.streamVersion() < newest) {
                superseded++;
            }
            newestSoFar.put(event.stream(), Math.max(newest, event.streamVersion()));
        }
        return superseded;
    }

    private void assertSameReadModel(ReadSide.Keyspace keyspace, String what) {
        ReadModelDump nowValues = keyspace.values().labelled(what);
        assertThat(nowValues.differencesFrom(values)).as("values only: %s vs the first projection", what).isEmpty();
        assertThat(nowValues.tables()).isEqualTo(values.tables());
        ReadModelDump nowWithTimes = keyspace.valuesAndWriteTimes().labelled(what);
        assertThat(nowWithTimes.differencesFrom(valuesAndWriteTimes)).as("values and write times: %s vs the first projection", what)
                .isEmpty();
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}

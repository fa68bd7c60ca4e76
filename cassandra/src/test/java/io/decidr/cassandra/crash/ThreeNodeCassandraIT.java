package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.eventstore.Checkpoint;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side on a real multi-node engine: three Cassandra nodes ({@link ThreeNodeCluster}, 127.0.0.1 to .3), the
 * read-model keyspace replicated to all three, every request at LOCAL_QUORUM from a driver that knows all three.
 *
 * <p>The production projectors run in this JVM while the production command handlers append events and the production
 * queries are asked in the background ({@link QueryLoad}). In the middle of the projection load one node is killed
 * with SIGKILL. It stays down while a third of the events is appended and projected, and until the two others have
 * found it dead and keep hints for it; then it is started again on its data folder, and the rest of the events
 * follow. Nothing is parked, every query answered, and nothing is lost: the read model equals the one a full replay
 * builds in a fresh keyspace of the same cluster, values and write times.
 */
class ThreeNodeCassandraIT {

    private static final Logger log = LoggerFactory.getLogger(ThreeNodeCassandraIT.class);

    /** Set {@code -Ddecidr.crash.seed=<n>} to repeat a run's commands (the timing of the kill stays the machine's). */
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final long EVENTS = 3_000;
    private static final int TENANTS = 4;
    /** Small batches: the kill lands inside a batch, between its writes. */
    private static final int BATCH = 100;
    private static final int REPLAY_BATCH = 500;
    /** Node 2, 127.0.0.2: not the seed, and the driver has all three nodes as contact points anyway. */
    private static final int KILLED = 1;
    private static final long PROJECTORS = ReadModelProjectors.NAMES.size();
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration APPEND_TIMEOUT = Duration.ofMinutes(5);

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void a_node_killed_under_the_projection_load_parks_nothing_loses_nothing_and_every_query_answers() {
        long started = System.nanoTime();
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        AtomicBoolean testOver = new AtomicBoolean();
        try (ThreeNodeCluster cluster = ThreeNodeCluster.start(); ReadSide readSide = ReadSide.start()) {
            long clusterUp = System.nanoTime();
            ReadSide.Keyspace projected = cluster.newKeyspace("projected");
            Workload workload = new Workload(readSide.store, SEED).setUp(TENANTS);
            long setUp = System.nanoTime();

            // a third of the events before the kill, a third while the node is down, a third once it is back
            AtomicLong allowance = new AtomicLong(EVENTS / 3);
            // on a thread of its own: the common pool has a single worker on two cores
            CompletableFuture<Long> appending = CompletableFuture.supplyAsync(() -> workload.runUntil(
                            count -> count >= EVENTS || testOver.get(), allowance::get, APPEND_TIMEOUT),
                    appends -> Thread.ofPlatform().name("appends").daemon().start(appends));
            AtomicLong applied = new AtomicLong();
            List<QueryLoad.Outcome> outcomes;
            long killed;
            long restarted;
            long eventsAtKill;
            long eventsWhileDown;
            Checkpoint outageHead;
            Checkpoint head;
            long events;
            try (ReadModelProjectors projectors = ReadModelProjectors.start(projected.session(), readSide.store,
                    readSide.feed(), BATCH, projection -> new CountingProjection(projection, applied));
                    QueryLoad queries = QueryLoad.start(new ReadModelQueries(projected.session()), workload.tenantIds())) {
                Await.until("the projectors are half way through the first third of the events, and the queries have"
                        + " been asked", STEP_TIMEOUT, () -> applied.get() >= PROJECTORS * EVENTS / 6 && queries.rounds() > 0);
                EmbeddedCassandra victim = cluster.nodes.node(KILLED);
                long appliedAtKill = applied.get();

                victim.kill();

                killed = System.nanoTime();
                eventsAtKill = eventCount(workload);
                allowance.set(2 * EVENTS / 3);
                Await.until("a second third of the events is appended with node " + victim.host() + " down",
                        STEP_TIMEOUT, () -> eventCount(workload) >= 2 * EVENTS / 3);
                eventsWhileDown = eventCount(workload);
                outageHead = EventLog.head(readSide.database);
                assertThat(projectors.awaitPosition(outageHead, STEP_TIMEOUT))
                        .as("the projectors reach %s with node %s down", outageHead, victim.host()).isTrue();
                Await.until("the two other nodes have found " + victim.host() + " down and keep hints for it",
                        STEP_TIMEOUT, Await.atMostEvery(Duration.ofSeconds(1), () -> cluster.othersKeepHintsFor(KILLED)));
                assertThat(victim.isRunning()).as("node %s is still down", victim.host()).isFalse();
                long appliedDuringOutage = applied.get() - appliedAtKill;
                long restarting = System.nanoTime();

                EmbeddedCassandra back = cluster.nodes.restart(KILLED);

                restarted = System.nanoTime();
                assertThat(back.dataDirectory()).isEqualTo(victim.dataDirectory());
                assertThat(back.contactPoint()).isEqualTo(victim.contactPoint());
                log.info("node {} was down {} ms, restarted in {} ms: killed with {} events appended and about {} of"
                                + " them projected; {} appended while it was down, {} applied meanwhile (all projectors)",
                        victim.host(), millis(killed, restarted), millis(restarting, restarted), eventsAtKill,
                        appliedAtKill / PROJECTORS, eventsWhileDown - eventsAtKill, appliedDuringOutage);
                allowance.set(EVENTS);
                events = Await.appends(appending);
                head = EventLog.head(readSide.database);
                assertThat(projectors.awaitPosition(head, STEP_TIMEOUT)).as("the projectors reach the head %s", head)
                        .isTrue();
                Await.until("the driver has all three nodes up again", STEP_TIMEOUT,
                        () -> cluster.driverSeesAllUp(projected.session()));
                outcomes = queries.stop();
            }
            long caughtUp = System.nanoTime();

            assertThat(eventsWhileDown).as("events appended while the node was down").isGreaterThan(eventsAtKill);
            assertThat(events).isGreaterThanOrEqualTo(EVENTS);
            assertThat(workload.rejections().keySet()).as("only links to archived entities are refused")
                    .isSubsetOf("ARCHIVED");
            assertThat(applied.get()).as("each projector applied each event at least once")
                    .isGreaterThanOrEqualTo(PROJECTORS * events);
            assertThat(readSide.parkedEvents(projected)).as("events parked").isEmpty();
            assertThat(outcomes.stream().filter(outcome -> !outcome.answered()).toList()).as("queries that failed")
                    .isEmpty();
            List<QueryLoad.Outcome> before = outcomes.stream().filter(outcome -> outcome.atNanos() - killed < 0).toList();
            List<QueryLoad.Outcome> duringOutage = outcomes.stream()
                    .filter(outcome -> outcome.between(killed, restarted)).toList();
            List<QueryLoad.Outcome> after = outcomes.stream().filter(outcome -> outcome.atNanos() - restarted > 0).toList();
            assertThat(duringOutage.stream().map(QueryLoad.Outcome::query).distinct())
                    .as("queries answered while the node was down")
                    .containsExactlyInAnyOrder("tenant", "collections", "entities", "entity", "jobs");
            assertThat(before).as("queries answered before the kill").isNotEmpty();
            assertThat(after).as("queries answered once the node was back").isNotEmpty();

            SortedMap<String, Integer> types = EventLog.types(EventLog.all(readSide.store));
            ReadModelDump afterOutage = projected.values().labelled("the keyspace projected through the outage");
            ReadModelDump afterOutageWithTimes = projected.valuesAndWriteTimes()
                    .labelled("the keyspace projected through the outage");
            SortedMap<String, Integer> rows = afterOutage.rowCounts();
            assertThat(rows.get("tenants")).isEqualTo(TENANTS);
            assertThat(rows.get("entity_by_id")).isEqualTo(types.get("entity.created"));
            assertThat(rows.get("comment_by_id")).isEqualTo(types.get("comment.added"));
            assertThat(rows.get("job_by_id")).isEqualTo(types.get("job.requested"));

            ReadSide.Keyspace replay = cluster.newKeyspace("replay");
            assertThat(readSide.projectUntil(replay, head, REPLAY_BATCH, STEP_TIMEOUT))
                    .isGreaterThanOrEqualTo(PROJECTORS * events);
            assertThat(readSide.parkedEvents(replay)).isEmpty();
            ReadModelDump fullReplay = replay.values().labelled("a full replay");
            assertThat(afterOutage.differencesFrom(fullReplay)).as("values only").isEmpty();
            assertThat(afterOutage.tables()).isEqualTo(fullReplay.tables());
            assertThat(afterOutageWithTimes.differencesFrom(replay.valuesAndWriteTimes().labelled("a full replay")))
                    .as("values and write times").isEmpty();
            long done = System.nanoTime();

            log.info("{} events ({} commands, rejections {}), {} read-model rows {}", events, workload.commands(),
                    workload.rejections(), afterOutage.rowCount(), rows);
            log.info("queries answered: {} before the kill (slowest {} ms), {} while the node was down (slowest {} ms;"
                            + " by query {}), {} once it was back (slowest {} ms)", before.size(), slowest(before),
                    duringOutage.size(), slowest(duringOutage), duringOutage.stream().collect(Collectors.groupingBy(
                            QueryLoad.Outcome::query, TreeMap::new, Collectors.counting())), after.size(), slowest(after));
            log.info("times: cluster {} ms, keyspace and tenants {} ms, load with the kill and restart {} ms, full"
                            + " replay and comparison {} ms, total {} ms", millis(started, clusterUp),
                    millis(clusterUp, setUp), millis(setUp, caughtUp), millis(caughtUp, done), millis(started, done));
        } finally {
            // a failed run must not leave the appends running into the next test
            testOver.set(true);
        }
    }

    private static long eventCount(Workload workload) {
        return workload.eventCount().block(Duration.ofSeconds(30));
    }

    private static long slowest(List<QueryLoad.Outcome> outcomes) {
        return outcomes.stream().mapToLong(QueryLoad.Outcome::millis).max().orElse(0);
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}

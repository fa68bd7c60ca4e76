package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.eventstore.Checkpoint;
import io.decidr.projections.runtime.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Exactly one runner per projector across processes, and a safe failover: two projector processes with the projector
 * role ({@link LeasedProjectorProcess}: production's leases and fenced checkpoints) follow one log into one keyspace
 * while the test appends events. The active one is killed with SIGKILL {@value #KILLS} times (a fresh standby joins
 * each time), then paused with SIGSTOP until the standby took over, and resumed. Each time the standby runs every
 * projector within {@link #TAKEOVER_BOUND}; the paused one, resumed, stops without moving a checkpoint; no stored
 * checkpoint ever moves backwards (watched every few milliseconds throughout); nothing is parked; and at the end the
 * read model equals a full replay, values and write times.
 */
class ProjectorFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ProjectorFailoverIT.class);

    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final int KILLS = 5;
    private static final int TENANTS = 3;
    private static final int BATCH = 100;
    /** Events allowed per round of the test (a kill, or the pause). */
    private static final long EVENTS_PER_ROUND = 1_000;
    private static final Duration LEASE_TTL = Duration.ofSeconds(4);
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(3);
    private static final int PROJECTORS = ReadModelProjectors.NAMES.size();

    private final List<String> backwards = new CopyOnWriteArrayList<>();
    private final Map<String, Checkpoint> highest = new ConcurrentHashMap<>();
    private int processes;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void the_standby_takes_over_within_ten_seconds_and_no_checkpoint_ever_moves_backwards() throws Exception {
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        Path errors = Files.createTempFile(Files.isDirectory(Path.of("target")) ? Path.of("target")
                : Path.of(System.getProperty("java.io.tmpdir")), "leased-projector-process-", ".log");
        AtomicLong allowance = new AtomicLong(EVENTS_PER_ROUND);
        AtomicBoolean appendsOver = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        List<ProjectorChild> children = new ArrayList<>();
        List<Long> takeovers = new ArrayList<>();
        try (ReadSide readSide = ReadSide.start()) {
            ReadSide.Keyspace keyspace = readSide.newKeyspace();
            CheckpointStore checkpoints = ReadModelProjectors.checkpoints(keyspace.session());
            Workload workload = new Workload(readSide.store, SEED).setUp(TENANTS);
            CompletableFuture<Long> appending = CompletableFuture.supplyAsync(() -> workload.runUntil(
                    count -> appendsOver.get(), allowance::get, Duration.ofMinutes(6)));
            Thread watch = Thread.ofPlatform().daemon().name("checkpoint-watch").start(() -> {
                while (watching.get()) {
                    watchCheckpoints(checkpoints);
                }
            });

            ProjectorChild active = start(readSide, keyspace, errors, children);
            Await.until("the first process runs every projector", STEP_TIMEOUT, () -> active.held() == PROJECTORS,
                    () -> ":\n" + active.recentOutput());
            ProjectorChild standby = startStandby(readSide, keyspace, errors, children);
            ProjectorChild current = active;
            for (int kill = 1; kill <= KILLS; kill++) {
                allowance.addAndGet(EVENTS_PER_ROUND);
                awaitProgress(current, checkpoints);
                long before = System.nanoTime();
                assertThat(current.kill()).isEqualTo(ProjectorChild.KILLED_BY_SIGKILL);
                takeovers.add(awaitTakeover(standby, before, "kill " + kill));
                current = standby;
                standby = startStandby(readSide, keyspace, errors, children);
            }

            // paused, not killed: it wakes up believing it holds the leases, and must stop without writing a checkpoint
            allowance.addAndGet(EVENTS_PER_ROUND);
            awaitProgress(current, checkpoints);
            ProjectorChild paused = current;
            long before = System.nanoTime();
            paused.pause();
            takeovers.add(awaitTakeover(standby, before, "the pause"));
            current = standby;
            allowance.addAndGet(EVENTS_PER_ROUND);
            awaitProgress(current, checkpoints);
            paused.resume();
            Await.until("the resumed process stops its projectors", TAKEOVER_BOUND, () -> paused.held() == 0,
                    () -> ":\n" + paused.recentOutput());
            assertThat(current.held()).as("the new holder keeps running every projector").isEqualTo(PROJECTORS);
            String resumed = paused.recentOutput();
            log.info("the resumed process:\n{}", resumed);
            assertThat(resumed).as("the resumed process's log").contains("stops here");

            appendsOver.set(true);
            long events = Await.appends(appending);
            Checkpoint head = EventLog.head(readSide.database);
            ProjectorChild survivor = current;
            Await.until("the survivor reaches the head " + head, REPLAY_TIMEOUT, Await.atMostEvery(Duration.ofMillis(250),
                    () -> reached(checkpoints, head)), () -> ":\n" + survivor.recentOutput());
            watching.set(false);
            watch.join(Duration.ofSeconds(10));
            watchCheckpoints(checkpoints);

            assertThat(backwards).as("checkpoints that moved backwards").isEmpty();
            assertThat(takeovers).as("milliseconds from the kill (or pause) until the standby ran every projector")
                    .allSatisfy(millis -> assertThat(millis).isLessThanOrEqualTo(TAKEOVER_BOUND.toMillis()));
            assertThat(readSide.parkedEvents(keyspace)).as("parked events").isEmpty();
            assertThat(workload.rejections().keySet()).as("only links to archived entities are refused").isSubsetOf("ARCHIVED");
            ReadModelDump afterFailovers = keyspace.values().labelled("after " + KILLS + " kills and a pause");
            ReadModelDump afterFailoversWithTimes = keyspace.valuesAndWriteTimes().labelled("after " + KILLS + " kills and a pause");

            ReadSide.Keyspace replay = readSide.newKeyspace();
            assertThat(readSide.projectUntil(replay, head, 500, REPLAY_TIMEOUT)).isGreaterThanOrEqualTo(PROJECTORS * events);
            assertThat(afterFailovers.rowCount()).isGreaterThan((int) (events / 2));
            assertThat(afterFailovers.differencesFrom(replay.values().labelled("a full replay"))).as("values").isEmpty();
            assertThat(afterFailoversWithTimes.differencesFrom(replay.valuesAndWriteTimes().labelled("a full replay")))
                    .as("values and write times").isEmpty();
            log.info("{} events, {} read-model rows; takeovers after {} ms", events, afterFailovers.rowCount(), takeovers);
        } finally {
            appendsOver.set(true);
            watching.set(false);
            children.forEach(ProjectorChild::close);
            log.info("projector processes' standard error: {}", errors);
        }
    }

    private ProjectorChild start(ReadSide readSide, ReadSide.Keyspace keyspace, Path errors, List<ProjectorChild> children) {
        processes++;
        ProjectorChild child = ProjectorChild.start(LeasedProjectorProcess.class, List.of(readSide.database.host(),
                Integer.toString(readSide.database.port()), readSide.database.name(), TestCassandra.server().host(),
                Integer.toString(TestCassandra.server().nativePort()), TestCassandra.server().localDatacenter(),
                keyspace.name(), Integer.toString(BATCH), "process-" + processes, Long.toString(LEASE_TTL.toMillis())), errors);
        children.add(child);
        child.awaitReady(STEP_TIMEOUT);
        return child;
    }

    /** A process that starts while another holds every lease: it runs nothing until that one is gone. */
    private ProjectorChild startStandby(ReadSide readSide, ReadSide.Keyspace keyspace, Path errors,
            List<ProjectorChild> children) {
        ProjectorChild standby = start(readSide, keyspace, errors, children);
        Await.until("the standby reports what it runs", STEP_TIMEOUT, () -> standby.held() >= 0);
        assertThat(standby.held()).as("projectors running in the standby while another holds them").isZero();
        return standby;
    }

    /** Waits until the holder applied more events and stored a later checkpoint (or has nothing left to apply). */
    private void awaitProgress(ProjectorChild holder, CheckpointStore checkpoints) {
        long applied = holder.applied();
        Map<String, Checkpoint> stored = Map.copyOf(highest);
        Await.until("process " + holder.pid() + " applies events and stores its checkpoints", STEP_TIMEOUT,
                () -> holder.applied() >= applied + 10 * ProjectorProcess.REPORT_EVERY
                        && !highest.equals(stored), () -> ":\n" + holder.recentOutput());
    }

    private long awaitTakeover(ProjectorChild standby, long sinceNanos, String what) {
        Await.until("the standby runs every projector after " + what, TAKEOVER_BOUND.plusSeconds(20),
                () -> standby.held() == PROJECTORS, () -> ":\n" + standby.recentOutput());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
        log.info("{}: process {} took over after {} ms", what, standby.pid(), millis);
        return millis;
    }

    /** Reads every stored checkpoint once, noting any that is behind what was seen of it before. */
    private void watchCheckpoints(CheckpointStore checkpoints) {
        for (String projector : ReadModelProjectors.NAMES) {
            Checkpoint now = checkpoints.load(projector).block(Duration.ofSeconds(30));
            Checkpoint seen = highest.get(projector);
            if (seen != null && now.compareTo(seen) < 0) {
                backwards.add(projector + ": " + seen + " -> " + now);
            }
            highest.merge(projector, now, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
    }

    private static boolean reached(CheckpointStore checkpoints, Checkpoint head) {
        return Boolean.TRUE.equals(Flux.fromIterable(ReadModelProjectors.NAMES)
                .concatMap(checkpoints::load)
                .all(at -> at.compareTo(head) >= 0)
                .block(Duration.ofSeconds(30)));
    }
}

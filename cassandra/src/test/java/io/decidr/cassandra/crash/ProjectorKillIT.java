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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * "Kill it anywhere; the read model equals a full replay" (ARCHITECTURE.md, Read models), tested with a real process
 * and a real SIGKILL: the production projectors run in a JVM of their own ({@link ProjectorProcess}), which is
 * killed 20 times at random points while the test keeps appending events (at least 10,000 in all) through the
 * production command handlers. A last projector process then runs to the head of the log. Its read model must equal
 * the one a single uninterrupted replay builds in a fresh keyspace, and replaying the whole log over it once more
 * must change nothing.
 */
class ProjectorKillIT {

    private static final Logger log = LoggerFactory.getLogger(ProjectorKillIT.class);

    /** Set {@code -Ddecidr.crash.seed=<n>} to repeat a run's choices (the timing of a kill stays the machine's). */
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final int KILLS = 20;
    /** Appended while the kills go on: {@code EVENTS / KILLS} more are allowed as each projector process starts. */
    private static final long EVENTS = 10_000;
    private static final int TENANTS = 4;
    /** Small batches for the killed processes: a kill then lands inside a batch, between writes, most of the time. */
    private static final int BATCH = 100;
    /** Production's batch size, for the runs that only have to get to the head. */
    private static final int CATCH_UP_BATCH = 500;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(3);

    private final Random random = new Random(SEED);
    private final List<Kill> kills = new ArrayList<>();
    private long appliedByKilledProcesses;

    private record Kill(int number, String point, long applied, long appendedMeanwhile, long millisToReady, long millis) {
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void a_projector_killed_anywhere_twenty_times_leaves_the_read_model_a_full_replay_builds() throws Exception {
        long started = System.nanoTime();
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        Path errors = Files.createTempFile(Files.isDirectory(Path.of("target")) ? Path.of("target")
                : Path.of(System.getProperty("java.io.tmpdir")), "projector-process-", ".log");
        AtomicLong allowance = new AtomicLong();
        AtomicBoolean killsOver = new AtomicBoolean();
        AtomicBoolean testOver = new AtomicBoolean();
        try (ReadSide readSide = ReadSide.start()) {
            ReadSide.Keyspace killed = readSide.newKeyspace();
            CheckpointStore checkpoints = ReadModelProjectors.checkpoints(killed.session());
            Workload workload = new Workload(readSide.store, SEED).setUp(TENANTS);
            List<String> arguments = processArguments(readSide, killed, BATCH);
            long setUp = System.nanoTime();

            // appends go on in the background, spread over the kills, until there are enough and the kills are over
            CompletableFuture<Long> appending = CompletableFuture.supplyAsync(() -> workload.runUntil(
                            count -> count >= EVENTS && killsOver.get() || testOver.get(), allowance::get,
                            Duration.ofMinutes(5)))
                    .whenComplete((count, failure) -> log.info("appending ended after {} ms with {} events",
                            millis(setUp, System.nanoTime()), count));
            for (int number = 1; number <= KILLS; number++) {
                allowance.set(EVENTS * number / KILLS);
                killOnce(number, arguments, errors, appending, workload,
                        Await.atMostEvery(Duration.ofMillis(250), () -> reached(checkpoints, EventLog.head(readSide.database))));
            }
            killsOver.set(true);
            long events = Await.appends(appending);
            Checkpoint head = EventLog.head(readSide.database);
            long appended = System.nanoTime();
            assertThat(events).isGreaterThanOrEqualTo(EVENTS);
            assertThat(workload.rejections().keySet()).as("only links to archived entities are refused").isSubsetOf("ARCHIVED");
            assertThat(kills.stream().filter(kill -> kill.appendedMeanwhile() > 0).count())
                    .as("projector processes that saw events appended while they ran").isGreaterThanOrEqualTo(KILLS * 3 / 4);

            long projectors = ReadModelProjectors.NAMES.size();
            long lastApplied = runLastProcessToTheHead(processArguments(readSide, killed, CATCH_UP_BATCH), errors, checkpoints,
                    head);
            long caughtUp = System.nanoTime();
            assertThat(readSide.parkedEvents(killed)).as("events parked in the killed keyspace").isEmpty();
            ReadModelDump afterKills = killed.values().labelled("after " + KILLS + " kills");
            ReadModelDump afterKillsWithTimes = killed.valuesAndWriteTimes().labelled("after " + KILLS + " kills");
            // each projector saw each event at least once; what the kills made them apply again comes on top
            long reapplied = appliedByKilledProcesses + lastApplied - projectors * events;
            assertThat(reapplied).as("events applied again after a kill (a lower bound)").isPositive();

            ReadSide.Keyspace replay = readSide.newKeyspace();
            assertThat(readSide.projectUntil(replay, head, CATCH_UP_BATCH, REPLAY_TIMEOUT)).isGreaterThanOrEqualTo(projectors * events);
            assertThat(readSide.parkedEvents(replay)).isEmpty();
            ReadModelDump fullReplay = replay.values().labelled("a full replay");
            long replayed = System.nanoTime();
            assertThat(afterKills.rowCount()).isGreaterThan((int) (events / 2));
            assertThat(afterKills.differencesFrom(fullReplay)).as("values only").isEmpty();
            assertThat(afterKills.tables()).isEqualTo(fullReplay.tables());
            assertThat(afterKillsWithTimes.differencesFrom(replay.valuesAndWriteTimes().labelled("a full replay")))
                    .as("values and write times").isEmpty();

            // replaying everything once more over the killed keyspace changes nothing
            readSide.resetCheckpoints(killed);
            assertThat(readSide.projectUntil(killed, head, CATCH_UP_BATCH, REPLAY_TIMEOUT)).isGreaterThanOrEqualTo(projectors * events);
            assertThat(killed.values().labelled("replayed once more").differencesFrom(afterKills)).isEmpty();
            assertThat(killed.valuesAndWriteTimes().labelled("replayed once more").differencesFrom(afterKillsWithTimes))
                    .isEmpty();
            long done = System.nanoTime();

            log.info("{} events ({} commands, rejections {}); {} kills, {} of them while events were appended; at least {}"
                            + " events applied again after kills; {} read-model rows {}", events, workload.commands(),
                    workload.rejections(), KILLS, kills.stream().filter(kill -> kill.appendedMeanwhile() > 0).count(),
                    reapplied, afterKills.rowCount(), afterKills.rowCounts());
            log.info("times: set-up {} ms, kills and appends {} ms, last run to the head {} ms, full replay {} ms,"
                            + " replay once more {} ms, total {} ms", millis(started, setUp), millis(setUp, appended),
                    millis(appended, caughtUp), millis(caughtUp, replayed), millis(replayed, done), millis(started, done));
        } finally {
            // a failed run must not leave the appends running into the next test
            testOver.set(true);
            log.info("projector processes' standard error: {}", errors);
        }
    }

    /**
     * Starts a projector process and kills it with SIGKILL at a random point: as its projectors start (one time in
     * eight), or once it applied a random number of events (up to 8 batches of all the projectors together), or when
     * it has caught up with the appends.
     */
    private void killOnce(int number, List<String> arguments, Path errors, CompletableFuture<Long> appending,
            Workload workload, BooleanSupplier caughtUp) {
        if (appending.isCompletedExceptionally()) {
            Await.appends(appending);
        }
        long cycle = System.nanoTime();
        long eventsBefore = workload.eventCount().block(Duration.ofSeconds(30));
        try (ProjectorChild child = ProjectorChild.start(arguments, errors)) {
            String point;
            if (random.nextInt(8) == 0) {
                child.awaitReady(STEP_TIMEOUT);
                point = "as its projectors start";
            } else {
                long target = ProjectorProcess.REPORT_EVERY * (1 + random.nextInt(8 * BATCH / ProjectorProcess.REPORT_EVERY));
                Await.until("projector process " + child.pid() + " applied " + target + " events or has nothing left to do",
                        STEP_TIMEOUT, () -> child.applied() >= target || !child.alive() || caughtUp.getAsBoolean(),
                        () -> ":\n" + child.recentOutput());
                point = child.applied() >= target ? "after " + target + " events applied" : "caught up with the appends";
            }
            assertThat(child.alive()).as("projector process %s runs until killed:\n%s", child.pid(), child.recentOutput())
                    .isTrue();
            long appendedMeanwhile = workload.eventCount().block(Duration.ofSeconds(30)) - eventsBefore;

            int exit = child.kill();

            // destroyForcibly() is SIGKILL here: the JVM ends with 128 + 9 and runs no shutdown hook
            assertThat(exit).as("exit status of projector process %s", child.pid()).isEqualTo(ProjectorChild.KILLED_BY_SIGKILL);
            assertThat(child.shutdownHookRan()).as("shutdown hooks of a SIGKILLed JVM").isFalse();
            appliedByKilledProcesses += child.applied();
            Kill kill = new Kill(number, point, child.applied(), appendedMeanwhile, child.millisToReady(),
                    millis(cycle, System.nanoTime()));
            kills.add(kill);
            log.info("kill {}: {} ({} reported applied, {} events appended meanwhile), ready after {} ms, cycle {} ms",
                    kill.number(), kill.point(), kill.applied(), kill.appendedMeanwhile(), kill.millisToReady(),
                    kill.millis());
        }
    }

    /**
     * Runs one more projector process until every checkpoint is at the head, then ends it with SIGTERM, which (unlike
     * SIGKILL) lets the JVM run its shutdown hooks: the control that shows the hook check can tell the two apart.
     *
     * @return the events it reported applied
     */
    private static long runLastProcessToTheHead(List<String> arguments, Path errors, CheckpointStore checkpoints,
            Checkpoint head) {
        try (ProjectorChild last = ProjectorChild.start(arguments, errors)) {
            Await.until("the last projector process reaches the head " + head, REPLAY_TIMEOUT,
                    () -> reached(checkpoints, head), () -> ":\n" + last.recentOutput());
            long applied = last.applied();
            assertThat(last.terminate()).isEqualTo(ProjectorChild.KILLED_BY_SIGTERM);
            assertThat(last.shutdownHookRan()).as("shutdown hooks of a SIGTERMed JVM").isTrue();
            return applied;
        }
    }

    /** The {@link ProjectorProcess} arguments but its last (which {@link ProjectorChild} adds). */
    private static List<String> processArguments(ReadSide readSide, ReadSide.Keyspace keyspace, int batchSize) {
        return List.of(readSide.database.host(), Integer.toString(readSide.database.port()), readSide.database.name(),
                TestCassandra.server().host(), Integer.toString(TestCassandra.server().nativePort()),
                TestCassandra.server().localDatacenter(), keyspace.name(), Integer.toString(batchSize));
    }

    /** Whether every projector's stored checkpoint is at {@code head} or beyond. */
    private static boolean reached(CheckpointStore checkpoints, Checkpoint head) {
        return Boolean.TRUE.equals(Flux.fromIterable(ReadModelProjectors.NAMES)
                .concatMap(checkpoints::load)
                .all(at -> at.compareTo(head) >= 0)
                .block(Duration.ofSeconds(30)));
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}

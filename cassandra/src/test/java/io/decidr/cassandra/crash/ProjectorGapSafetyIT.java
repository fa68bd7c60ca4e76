package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.projections.runtime.ParkedEvent;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.Projector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gap safety end to end: the production projectors, and one more that only records what it is given, follow
 * {@code $all} while many writers append real domain events through the production handlers in explicit
 * transactions. Some transactions are held open before they commit (so transactions that took lower global positions
 * commit after ones that took higher positions) and some are rolled back (leaving holes that never fill). Once the
 * projectors have caught up, every committed event must have been applied by each projector exactly once, nothing of
 * a rolled-back transaction ever, and the read model must equal a full replay of the log into a fresh keyspace.
 *
 * <p>The test also checks that it tested something: that transactions did commit out of position order while the
 * recording projector was following, and that it applied later positions while such a transaction was still open.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProjectorGapSafetyIT {

    private static final Logger log = LoggerFactory.getLogger(ProjectorGapSafetyIT.class);

    /** Set {@code -Ddecidr.crash.seed=<n>} to repeat a run's commands (the interleaving stays the machine's). */
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final int WRITERS = 12;
    private static final GapWriter.Plan PLAN = new GapWriter.Plan(36, 40, Duration.ofMillis(150), 20);
    private static final int BATCH = 100;
    private static final String PROBE = "gap-probe";
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final ConcurrentLinkedQueue<GapWriter.Transaction> transactions = new ConcurrentLinkedQueue<>();

    @Test
    void every_committed_event_reaches_each_projector_once_and_the_read_model_equals_a_full_replay() {
        long started = System.nanoTime();
        log.info("seed {} (repeat with -Ddecidr.crash.seed={})", SEED, SEED);
        try (ReadSide readSide = ReadSide.start()) {
            ReadSide.Keyspace live = readSide.newKeyspace();
            AppliedEvents applied = new AppliedEvents();
            StartCountingCheckpoints checkpoints = new StartCountingCheckpoints(ReadModelProjectors.checkpoints(live.session()));
            StartCountingCheckpoints probeCheckpoints = StartCountingCheckpoints.inMemory();
            List<Projector> projectors = new ArrayList<>();
            for (Projection projection : ReadModelProjectors.projections(live.session(), readSide.store)) {
                projectors.add(readSide.projector(applied.recording(projection), checkpoints,
                        ReadModelProjectors.parkedEvents(live.session()), BATCH));
            }
            projectors.add(readSide.projector(applied.recording(new NothingProjection(PROBE)), probeCheckpoints,
                    ReadModelProjectors.parkedEvents(live.session()), BATCH));
            long writing;
            long written;
            Checkpoint head;
            try {
                projectors.forEach(Projector::start);
                writing = System.nanoTime();
                Random seeds = new Random(SEED);
                Flux.range(0, WRITERS)
                        .map(number -> new GapWriter(number, readSide.database.connectionFactory(), PLAN, seeds.nextLong(),
                                transactions::add))
                        .flatMap(GapWriter::run, WRITERS)
                        .then()
                        .block(WRITE_TIMEOUT);
                written = System.nanoTime();
                head = EventLog.head(readSide.database);
                for (Projector projector : projectors) {
                    assertThat(projector.awaitPosition(head, CATCH_UP_TIMEOUT).block(CATCH_UP_TIMEOUT.plusSeconds(10)))
                            .as("projector %s reaches the head %s within %s", projector.name(), head, CATCH_UP_TIMEOUT)
                            .isTrue();
                }
            } finally {
                projectors.forEach(Projector::close);
            }
            long caughtUp = System.nanoTime();

            Set<UUID> committed = eventsOf(true);
            Set<UUID> rolledBack = eventsOf(false);
            assertThat(eventIdsInTable(readSide.database)).as("the events table holds what the writers committed")
                    .containsExactlyInAnyOrderElementsOf(committed);
            assertThat(committed).doesNotContainAnyElementsOf(rolledBack);
            assertTheGapsWereThere(applied.of(PROBE), written);

            assertThat(probeCheckpoints.starts(PROBE)).as("starts of %s (its checkpoints are in memory)", PROBE).isEqualTo(1);
            ReadSide.Keyspace replay = readSide.newKeyspace();
            assertThat(readSide.projectUntil(replay, head, 500, CATCH_UP_TIMEOUT)).isGreaterThanOrEqualTo((long) ReadModelProjectors.NAMES.size() * committed.size());
            assertThat(readSide.parkedEvents(replay)).isEmpty();
            ReadModelDump followed = live.values().labelled("followed while writing");
            assertThat(followed.rowCount()).isGreaterThan(committed.size() / 4);

            // every outcome, so that a failing run shows all its symptoms at once
            SoftAssertions outcomes = new SoftAssertions();
            assertAppliedOnce(outcomes, PROBE, applied.of(PROBE), committed, rolledBack, false);
            for (String name : ReadModelProjectors.NAMES) {
                int starts = checkpoints.starts(name);
                if (starts > 1) {
                    // a Cassandra timeout restarts a projector from its checkpoint: it then applies a tail again
                    log.warn("projector {} restarted {} times: events it applied twice are not counted against it",
                            name, starts - 1);
                }
                assertAppliedOnce(outcomes, name, applied.of(name), committed, rolledBack, starts > 1);
            }
            List<ParkedEvent> parked = readSide.parkedEvents(live);
            outcomes.assertThat(parked.size()).as("events the projectors parked, e.g. %s", sample(parked)).isZero();
            outcomes.assertThat(followed.differencesFrom(replay.values().labelled("a full replay")))
                    .as("the read model followed while writing vs a full replay, values only").isEmpty();
            outcomes.assertThat(live.valuesAndWriteTimes().labelled("followed while writing")
                            .differencesFrom(replay.valuesAndWriteTimes().labelled("a full replay")))
                    .as("the read model followed while writing vs a full replay, values and write times").isEmpty();
            outcomes.assertAll();
            long done = System.nanoTime();

            log.info("{} events committed in {} transactions, {} rolled back ({} events), {} held open; {} read-model rows {}",
                    committed.size(), transactions.stream().filter(GapWriter.Transaction::committed).count(),
                    transactions.stream().filter(t -> !t.committed()).count(), rolledBack.size(),
                    transactions.stream().filter(GapWriter.Transaction::held).count(), followed.rowCount(),
                    followed.rowCounts());
            log.info("times: set-up {} ms, writing {} ms, catching up after {} ms, replay and compare {} ms, total {} ms",
                    millis(started, writing), millis(writing, written), millis(written, caughtUp), millis(caughtUp, done),
                    millis(started, done));
        }
    }

    /**
     * That the run made the situation a position-trusting reader gets wrong, and often: transactions that committed
     * after one holding a higher position, and, for the recording projector, events it applied while a transaction
     * that holds a lower position (and committed later) was still open. Also that rollbacks left holes.
     */
    private void assertTheGapsWereThere(Map<UUID, AppliedEvents.Applied> probe, long writersEnded) {
        List<GapWriter.Transaction> commits = transactions.stream()
                .filter(t -> t.committed() && !t.events().isEmpty())
                .sorted(Comparator.comparingLong(GapWriter.Transaction::endingNanos))
                .toList();
        long committedOutOfOrder = 0;
        long highestSoFar = 0;
        for (GapWriter.Transaction commit : commits) {
            if (commit.lowest() < highestSoFar) {
                committedOutOfOrder++;
            }
            highestSoFar = Math.max(highestSoFar, commit.lowest());
        }
        long overtaken = commits.stream()
                .filter(commit -> probe.values().stream().anyMatch(event -> event.position() > commit.lowest()
                        && event.firstNanos() < commit.endingNanos()))
                .count();
        long appliedWhileWriting = probe.values().stream().filter(event -> event.firstNanos() < writersEnded).count();
        long rolledBack = transactions.stream().filter(t -> !t.committed() && !t.events().isEmpty()).count();
        log.info("{} of {} transactions committed after one holding a higher position; the recording projector applied"
                        + " a higher position while {} of them were still open; {} of {} events applied while writing;"
                        + " {} transactions rolled back", committedOutOfOrder, commits.size(), overtaken,
                appliedWhileWriting, probe.size(), rolledBack);
        assertThat(committedOutOfOrder).as("transactions that committed after one holding a higher position")
                .isGreaterThanOrEqualTo(commits.size() / 10);
        assertThat(overtaken).as("transactions still open when the recording projector applied a higher position")
                .isGreaterThanOrEqualTo(10);
        assertThat(appliedWhileWriting).as("events the recording projector applied before the writers ended")
                .isGreaterThan(probe.size() / 2L);
        assertThat(rolledBack).as("transactions rolled back after writing events").isGreaterThanOrEqualTo(5);
    }

    /** Each committed event applied once (at least once after a restart), no event of a rolled-back transaction. */
    private static void assertAppliedOnce(SoftAssertions outcomes, String projector, Map<UUID, AppliedEvents.Applied> applied,
            Set<UUID> committed, Set<UUID> rolledBack, boolean restarted) {
        Set<UUID> missing = new HashSet<>(committed);
        missing.removeAll(applied.keySet());
        outcomes.assertThat(missing.size()).as("committed events projector %s never applied (of %d), e.g. %s", projector,
                committed.size(), sample(missing)).isZero();
        Set<UUID> unknown = new HashSet<>(applied.keySet());
        unknown.removeAll(committed);
        Set<UUID> ofRollbacks = new HashSet<>(unknown);
        ofRollbacks.retainAll(rolledBack);
        outcomes.assertThat(ofRollbacks.size()).as("events of rolled-back transactions projector %s applied, e.g. %s",
                projector, sample(ofRollbacks)).isZero();
        outcomes.assertThat(unknown.size()).as("events projector %s applied that no writer committed, e.g. %s",
                projector, sample(unknown)).isZero();
        if (!restarted) {
            List<String> twice = applied.entrySet().stream()
                    .filter(entry -> entry.getValue().times() != 1)
                    .sorted(Comparator.comparingLong(entry -> entry.getValue().position()))
                    .map(entry -> "position " + entry.getValue().position() + " x" + entry.getValue().times())
                    .toList();
            outcomes.assertThat(twice.size()).as("events projector %s applied more than once, e.g. %s", projector,
                    sample(twice)).isZero();
        }
    }

    private static String sample(Collection<?> items) {
        return items.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", ", "[", items.size() > 5 ? ", ...]" : "]"));
    }

    private Set<UUID> eventsOf(boolean committed) {
        Set<UUID> events = new HashSet<>();
        transactions.stream().filter(t -> t.committed() == committed).forEach(t -> events.addAll(t.events()));
        return events;
    }

    /** Straight from the table, not through the commit-safe read under test. */
    private static List<UUID> eventIdsInTable(TestPostgres.Database database) {
        try (Connection connection = database.jdbc(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_id FROM events")) {
            List<UUID> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the events table", e);
        }
    }

    /** A projection that writes nothing: wrapped by {@link AppliedEvents}, it only records what its projector applies. */
    private record NothingProjection(String name) implements Projection {
        @Override
        public Mono<Void> apply(RecordedEvent event) {
            return Mono.empty();
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}

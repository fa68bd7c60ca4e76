package io.decidr.projections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.decidr.domain.failure.FailureNotice;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** The runtime against a real event log: order, checkpoints, parking, retry, skip, transient failures. */
class ProjectorIT {

    private TestPostgres.Database database;
    private ConnectionPool pool;
    private PostgresEventStore store;
    private EventNotifications notifications;
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    private final InMemoryParkedEvents parked = new InMemoryParkedEvents();
    private final List<Projector> projectors = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(Projector.class)).addAppender(logged);
        database = TestPostgres.newDatabase();
        pool = database.pool(6);
        store = new PostgresEventStore(pool);
        notifications = new EventNotifications(database.connectionFactory());
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Projector.class)).detachAppender(logged);
        projectors.forEach(Projector::close);
        notifications.close();
        pool.dispose();
    }

    /** Records what it applies per stream; fails on events whose data says so while {@code poisoned}. */
    static final class RecordingProjection implements Projection {
        final Map<StreamId, List<Long>> applied = new ConcurrentHashMap<>();
        final Set<String> poisoned = ConcurrentHashMap.newKeySet();
        volatile RuntimeException storeDown;
        final AtomicInteger failedWhileDown = new AtomicInteger();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Mono<Void> apply(RecordedEvent event) {
            return Mono.fromRunnable(() -> {
                if (storeDown != null) {
                    failedWhileDown.incrementAndGet();
                    throw storeDown;
                }
                if (poisoned.stream().anyMatch(event.data()::contains)) {
                    throw new IllegalStateException("cannot project " + event.data());
                }
                List<Long> versions = applied.computeIfAbsent(event.stream(), s -> new CopyOnWriteArrayList<>());
                if (!versions.contains(event.streamVersion())) {
                    versions.add(event.streamVersion());
                }
            });
        }

        int total() {
            return applied.values().stream().mapToInt(List::size).sum();
        }
    }

    static final class StoreDown extends RuntimeException {
        StoreDown() {
            super("read-model store unreachable");
        }
    }

    private Projector projector(Projection projection) {
        return projector(projection, Duration.ZERO);
    }

    private Projector projector(Projection projection, Duration checkpointEvery) {
        Projector projector = new Projector(projection, store, new AllEventsFeed(store, notifications), checkpoints, parked,
                new ProjectorSettings(50, 4, 3, Duration.ofMillis(5), failure -> failure instanceof StoreDown, checkpointEvery),
                Clock.systemUTC());
        projectors.add(projector);
        projector.start();
        return projector;
    }

    private StreamId append(StreamId stream, long expected, String... data) {
        List<NewEvent> events = new ArrayList<>();
        for (String json : data) {
            events.add(new NewEvent(UUID.randomUUID(), "thing.happened", 1, json));
        }
        store.append(new AppendRequest("scope", UUID.randomUUID(), stream, expected, events,
                EventMetadata.direct(UUID.randomUUID(), "tester"))).block();
        return stream;
    }

    private static StreamId stream() {
        return StreamId.of("thing", UUID.randomUUID(), UUID.randomUUID());
    }

    /** The ERROR lines that name the incident. */
    private List<ILoggingEvent> loggedUnder(UUID incident) {
        assertThat(incident).isNotNull();
        List<ILoggingEvent> lines;
        synchronized (logged) { // the appender appends under its own lock
            lines = List.copyOf(logged.list);
        }
        return lines.stream().filter(line -> line.getLevel() == Level.ERROR)
                .filter(line -> line.getFormattedMessage().contains("incident " + incident)).toList();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.onSpinWait();
            Mono.delay(Duration.ofMillis(10)).block();
        }
    }

    @Test
    void applies_every_stream_in_order_and_resumes_from_its_checkpoint() throws InterruptedException {
        List<StreamId> streams = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            StreamId stream = stream();
            streams.add(stream);
            for (int v = 0; v < 10; v++) {
                append(stream, v, "{\"n\":" + v + "}");
            }
        }
        RecordingProjection projection = new RecordingProjection();
        Projector projector = projector(projection);
        eventually(() -> projection.total() == 200, "all 200 events");
        for (StreamId stream : streams) {
            assertThat(projection.applied.get(stream)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
        eventually(() -> store.countAfter(projector.position(), 1_000).block() == 0, "the checkpoint at the head");
        assertThat(checkpoints.saved.get("recording")).isEqualTo(projector.position());

        projector.close();
        RecordingProjection fresh = new RecordingProjection();
        Projector restarted = projector(fresh);
        StreamId later = append(stream(), 0, "{\"late\":true}");
        eventually(() -> fresh.total() == 1, "the event after the checkpoint");
        assertThat(fresh.applied).containsOnlyKeys(later);
        assertThat(restarted.awaitPosition(restarted.position(), Duration.ofSeconds(1)).block()).isTrue();
        assertThat(restarted.status().block().eventsBehind()).isZero();
    }

    @Test
    void batches_in_quick_succession_store_their_checkpoint_once_the_interval_is_over() throws InterruptedException {
        RecordingProjection projection = new RecordingProjection();
        Projector projector = projector(projection, Duration.ofMillis(500));
        int commits = 20;
        for (int i = 0; i < commits; i++) {
            // one commit at a time, each applied before the next: a batch each
            append(stream(), 0, "{\"n\":" + i + "}");
            int applied = i + 1;
            eventually(() -> projection.total() == applied, "commit " + applied);
        }
        assertThat(checkpoints.saves.get()).as("checkpoints stored for %d batches", commits).isLessThan(commits);
        // the last batch's position is stored when its interval is over, with no batch after it
        eventually(() -> projector.position().equals(checkpoints.saved.get(projection.name())), "the last position stored");
    }

    @Test
    void a_poison_event_is_parked_its_stream_waits_and_others_go_on_until_retried() throws InterruptedException {
        RecordingProjection projection = new RecordingProjection();
        projection.poisoned.add("poison");
        Projector projector = projector(projection);
        StreamId sick = append(stream(), 0, "{\"n\":1}", "{\"poison\":2}", "{\"n\":3}");
        StreamId healthy = append(stream(), 0, "{\"n\":1}", "{\"n\":2}");
        append(sick, 3, "{\"n\":4}");

        eventually(() -> projection.applied.getOrDefault(healthy, List.of()).size() == 2, "the healthy stream");
        eventually(() -> parked.events.size() == 3, "three parked events");
        assertThat(projection.applied.get(sick)).containsExactly(1L);
        List<ParkedEvent> list = projector.parkedEvents().collectList().block();
        assertThat(list).extracting(ParkedEvent::streamVersion).containsExactly(2L, 3L, 4L);
        FailureNotice failed = list.getFirst().notice();
        assertThat(failed.code()).isEqualTo(ParkedEvent.FAILED);
        assertThat(list.getFirst().error()).as("no exception class or text reaches the parked event")
                .isEqualTo(failed.text()).doesNotContain("Exception", "java.", "cannot project");
        assertThat(list.getFirst().attempts()).isEqualTo(3);
        assertThat(loggedUnder(failed.incident())).as("the exception is logged under the incident id")
                .singleElement().satisfies(line -> {
                    assertThat(line.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(line.getThrowableProxy().getMessage()).contains("cannot project");
                });
        assertThat(list.get(1).notice().code()).isEqualTo(ParkedEvent.HELD);
        assertThat(list.get(1).error()).contains("held behind");
        assertThat(projector.status().block().parkedEvents()).isEqualTo(3);

        // still broken: the retry stops at the first event and keeps everything parked, under a new incident
        assertThat(projector.retry(sick).block()).isZero();
        assertThat(parked.events).hasSize(3);
        FailureNotice again = projector.parkedEvents().filter(e -> e.streamVersion() == 2).blockFirst().notice();
        assertThat(again.incident()).isNotEqualTo(failed.incident());
        assertThat(loggedUnder(again.incident())).hasSize(1);

        projection.poisoned.clear();
        assertThat(projector.retry(sick).block()).isEqualTo(3);
        assertThat(projection.applied.get(sick)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(parked.events).isEmpty();
        append(sick, 4, "{\"n\":5}");
        eventually(() -> projection.applied.get(sick).size() == 5, "the stream flows again");
    }

    @Test
    void skipping_drops_one_parked_event() throws InterruptedException {
        RecordingProjection projection = new RecordingProjection();
        projection.poisoned.add("poison");
        Projector projector = projector(projection);
        StreamId sick = append(stream(), 0, "{\"poison\":1}", "{\"n\":2}");
        eventually(() -> parked.events.size() == 2, "two parked events");
        UUID poison = projector.parkedEvents().filter(e -> e.streamVersion() == 1).blockFirst().eventId();

        assertThat(projector.skip(sick, poison).block()).isTrue();
        assertThat(projector.skip(sick, UUID.randomUUID()).block()).isFalse();
        assertThat(projector.retry(sick).block()).isEqualTo(1);
        assertThat(projection.applied.get(sick)).containsExactly(2L);
        assertThat(parked.events).isEmpty();
    }

    @Test
    void an_unreachable_store_parks_nothing_and_the_projector_catches_up_when_it_is_back() throws InterruptedException {
        RecordingProjection projection = new RecordingProjection();
        projection.storeDown = new StoreDown();
        projector(projection);
        StreamId stream = append(stream(), 0, "{\"n\":1}", "{\"n\":2}");
        // more failures than attempts per event: the loop restarted from its checkpoint instead of parking
        eventually(() -> projection.failedWhileDown.get() > 3, "repeated attempts while the store is down");
        assertThat(parked.events).isEmpty();
        assertThat(checkpoints.saved).isEmpty();

        projection.storeDown = null;
        eventually(() -> projection.applied.getOrDefault(stream, List.of()).size() == 2, "caught up");
        assertThat(parked.events).isEmpty();
    }
}

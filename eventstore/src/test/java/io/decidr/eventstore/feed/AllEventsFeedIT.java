package io.decidr.eventstore.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The feed is woken by the commit notification, not by its fallback re-check: the re-check here is an hour,
 * so an event that arrives within the test's bound can only have come through NOTIFY.
 */
class AllEventsFeedIT {

    private static final Duration NEVER = Duration.ofHours(1);

    private TestPostgres.Database database;
    private ConnectionPool pool;
    private PostgresEventStore store;
    private EventNotifications notifications;
    private Disposable following;
    private final BlockingQueue<RecordedEvent> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new PostgresEventStore(pool);
        notifications = new EventNotifications(database.connectionFactory());
        following = new AllEventsFeed(store, notifications, Duration.ofMillis(10), NEVER)
                .follow(Checkpoint.START, 100)
                .flatMapIterable(batch -> batch)
                .subscribe(seen::add);
    }

    @AfterEach
    void stop() {
        following.dispose();
        notifications.close();
        pool.dispose();
    }

    private UUID append() {
        UUID eventId = UUID.randomUUID();
        store.append(new AppendRequest("scope", UUID.randomUUID(), StreamId.of("test", UUID.randomUUID(), UUID.randomUUID()),
                0, List.of(new NewEvent(eventId, "thing.created", 1, "{}")),
                EventMetadata.direct(UUID.randomUUID(), "tester"))).block();
        return eventId;
    }

    private RecordedEvent next() throws InterruptedException {
        RecordedEvent event = seen.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("an event delivered by notification").isNotNull();
        return event;
    }

    @Test
    void a_commit_wakes_an_idle_reader() throws InterruptedException {
        // the reader has caught up with an empty log and is waiting
        assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
        UUID first = append();
        assertThat(next().eventId()).isEqualTo(first);
        UUID second = append();
        assertThat(next().eventId()).isEqualTo(second);
    }

    @Test
    void the_reader_recovers_when_its_listening_connection_is_killed() throws Exception {
        UUID before = append();
        assertThat(next().eventId()).isEqualTo(before);
        long generation = notifications.generation();

        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid() AND datname = current_database()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // after reconnecting it listens again: the reconnect itself bumps the generation
        notifications.awaitChange(generation, Duration.ofSeconds(20)).block();
        assertThat(notifications.generation()).isGreaterThan(generation);

        UUID after = append();
        assertThat(next().eventId()).isEqualTo(after);
    }

    @Test
    void followers_woken_by_the_same_commit_share_one_read() throws InterruptedException {
        int followers = 5;
        int events = 20;
        AllEventsFeed feed = new AllEventsFeed(store, notifications, Duration.ofMillis(10), NEVER);
        List<BlockingQueue<RecordedEvent>> queues = new ArrayList<>();
        List<Disposable> subscriptions = new ArrayList<>();
        for (int i = 0; i < followers; i++) {
            BlockingQueue<RecordedEvent> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            subscriptions.add(feed.follow(Checkpoint.START, 100).flatMapIterable(batch -> batch).subscribe(queue::add));
        }
        try {
            UUID first = append();
            for (BlockingQueue<RecordedEvent> queue : queues) {
                assertThat(queue.poll(20, TimeUnit.SECONDS)).extracting(RecordedEvent::eventId).isEqualTo(first);
            }
            long before = feed.reads();
            for (int i = 0; i < events; i++) {
                UUID appended = append();
                for (BlockingQueue<RecordedEvent> queue : queues) {
                    assertThat(queue.poll(20, TimeUnit.SECONDS)).extracting(RecordedEvent::eventId).isEqualTo(appended);
                }
            }
            // on its own each follower reads at least once per commit (the batch, then an empty look)
            assertThat(feed.reads() - before).as("reads of the log for %d commits followed %d times", events, followers)
                    .isLessThan((long) events * followers);
        } finally {
            subscriptions.forEach(Disposable::dispose);
        }
    }
}

package io.decidr.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writers hold their transactions open for random times, so global positions are taken in one order and
 * committed in another, and some are rolled back for good. Followers of {@code $all} (several on one feed, sharing
 * its reads) must each still see every committed event exactly once, in an order that keeps each stream's versions rising, and never a rolled-back
 * one.
 */
@Timeout(120)
class ReadAllGapSafetyIT {

    private static final int WRITERS = 16;
    private static final int TRANSACTIONS_PER_WRITER = 60;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** about ten seconds' worth */
    private static final long MAX_BURNT_TRANSACTION_IDS = 2_000_000;

    private final Set<UUID> committed = ConcurrentHashMap.newKeySet();
    private final Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();

    @Test
    void a_follower_sees_every_committed_event_once_in_commit_safe_order() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        ConnectionPool readerPool = database.pool(4);
        PostgresEventStore readerStore = new PostgresEventStore(readerPool);
        PostgresEventStore writerStore = new PostgresEventStore(database.connectionFactory());
        UUID sentinel = UUID.randomUUID();

        try (EventNotifications notifications = new EventNotifications(database.connectionFactory())) {
            // followers of one feed share its reads: one of them pages in smaller batches than the others
            AllEventsFeed feed = new AllEventsFeed(readerStore, notifications);
            List<CompletableFuture<List<RecordedEvent>>> followers = IntStream.of(50, 50, 50, 23)
                    .mapToObj(batchSize -> feed.follow(Checkpoint.START, batchSize)
                            .flatMapIterable(Function.identity())
                            .takeUntil(event -> event.eventId().equals(sentinel))
                            .collectList()
                            .toFuture())
                    .toList();

            Flux.range(0, WRITERS)
                    .flatMap(writer -> write(writerStore, database.connectionFactory(), writer), WRITERS)
                    .then()
                    .block(WAIT);
            // Written after every writer finished, so it sorts after all of them: seeing it means the
            // follower has passed everything the writers committed.
            StreamId sentinelStream = StreamId.of("sentinel", UUID.randomUUID(), UUID.randomUUID());
            readerStore.append(new AppendRequest("scope", UUID.randomUUID(), sentinelStream, 0,
                    List.of(new NewEvent(sentinel, "test.sentinel", 1, "{}")),
                    EventMetadata.direct(UUID.randomUUID(), "writer"))).block(WAIT);
            committed.add(sentinel);

            List<RecordedEvent> seen = new ArrayList<>();
            for (CompletableFuture<List<RecordedEvent>> followed : followers) {
                try {
                    List<RecordedEvent> its = followed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    if (seen.isEmpty()) {
                        seen.addAll(its);
                    }
                    assertThat(its).as("every follower of the feed sees the same events in the same order")
                            .containsExactlyElementsOf(seen);
                } catch (TimeoutException e) {
                    throw new AssertionError("a follower did not reach the last event within " + WAIT, e);
                }
            }

            assertThat(rolledBack).as("some transactions should have been rolled back").isNotEmpty();
            assertFollowedCorrectly(seen);
            assertThat(pageThroughReadAll(readerStore, 37)).extracting(RecordedEvent::eventId)
                    .as("readAll in pages of 37 returns the same events in the same order")
                    .containsExactlyElementsOf(seen.stream().map(RecordedEvent::eventId).toList());
        } finally {
            readerPool.dispose();
        }
    }

    /**
     * Transaction ids are numbers: 9999 comes before 10000. Any reader whose unread events span such a step
     * (every catch-up from the start of a long log does) must still get them in checkpoint order, or it moves
     * its checkpoint past events it never returned.
     */
    @Test
    void readAll_orders_transactions_numerically_across_a_power_of_ten() throws SQLException {
        TestPostgres.Database database = TestPostgres.newDatabase();
        ConnectionPool pool = database.pool(2);
        try (java.sql.Connection jdbc = database.jdbc()) {
            PostgresEventStore store = new PostgresEventStore(pool);
            long current = currentTransactionId(jdbc);
            long boundary = nextPowerOfTen(current + 20);
            // ids are shared by the whole server: a long-lived one may be too far from the next step to reach fast
            assumeTrue(boundary - current <= MAX_BURNT_TRANSACTION_IDS,
                    "transaction id " + current + " is too far below " + boundary);
            burnTransactionIdsUntil(jdbc, boundary - 5);

            // one event per transaction, committed in this order, until the ids are well past the boundary
            StreamId stream = StreamId.of("counted", UUID.randomUUID(), UUID.randomUUID());
            List<RecordedEvent> written = new ArrayList<>();
            while (written.isEmpty() || written.getLast().checkpoint().tx() < boundary + 3) {
                assertThat(written).as("appends needed to pass transaction id %d", boundary).hasSizeLessThan(50);
                store.append(new AppendRequest("scope", UUID.randomUUID(), stream, written.size(),
                        List.of(new NewEvent(UUID.randomUUID(), "test.counted", 1, "{}")),
                        EventMetadata.direct(UUID.randomUUID(), "writer"))).block(WAIT);
                written.add(store.readStream(stream, written.size() + 1).blockFirst(WAIT));
            }
            assertThat(written.getFirst().checkpoint().tx()).as("first event's transaction").isLessThan(boundary);
            List<UUID> inCommitOrder = written.stream().map(RecordedEvent::eventId).toList();

            List<RecordedEvent> all = store.readAll(Checkpoint.START, 1_000).block(WAIT);
            assertThat(all).extracting(RecordedEvent::checkpoint).isSortedAccordingTo(Checkpoint::compareTo);
            assertThat(all).extracting(RecordedEvent::eventId).containsExactlyElementsOf(inCommitOrder);
            assertThat(pageThroughReadAll(store, 3)).extracting(RecordedEvent::eventId)
                    .containsExactlyElementsOf(inCommitOrder);
        } finally {
            pool.dispose();
        }
    }

    private static long nextPowerOfTen(long above) {
        long power = 10;
        while (power <= above) {
            power *= 10;
        }
        return power;
    }

    private static long currentTransactionId(java.sql.Connection jdbc) throws SQLException {
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("SELECT pg_current_xact_id()::text")) {
            r.next();
            return Long.parseLong(r.getString(1));
        }
    }

    /** Uses up transaction ids (one per subtransaction that writes) until the next one assigned is {@code next}. */
    private static void burnTransactionIdsUntil(java.sql.Connection jdbc, long next) throws SQLException {
        try (Statement s = jdbc.createStatement()) {
            s.execute("CREATE TEMP TABLE burnt (n int)");
            long remaining;
            while ((remaining = next - currentTransactionId(jdbc) - 1) > 0) {
                s.execute("""
                        DO $$ BEGIN
                            FOR i IN 1..%d LOOP
                                BEGIN INSERT INTO burnt VALUES (i); EXCEPTION WHEN others THEN RAISE; END;
                            END LOOP;
                        END $$""".formatted(Math.min(remaining - 1, 10_000)));
            }
        }
    }

    private void assertFollowedCorrectly(List<RecordedEvent> seen) {
        List<UUID> ids = seen.stream().map(RecordedEvent::eventId).toList();
        Map<UUID, Checkpoint> firstSeenAt = new HashMap<>();
        List<String> repeats = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            Checkpoint before = firstSeenAt.putIfAbsent(ids.get(i), seen.get(i).checkpoint());
            if (before != null) {
                repeats.add("#" + i + " " + seen.get(i).checkpoint() + " after " + seen.get(i - 1).checkpoint());
            }
        }
        assertThat(repeats).as("events delivered a second time (index, checkpoint, preceding checkpoint)").isEmpty();
        assertThat(ids).as("no rolled-back event is delivered").doesNotContainAnyElementsOf(rolledBack);
        assertThat(ids).as("every committed event is delivered").containsExactlyInAnyOrderElementsOf(committed);

        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).checkpoint())
                    .as("checkpoint of event %d after %s", i, seen.get(i - 1).checkpoint())
                    .isGreaterThan(seen.get(i - 1).checkpoint());
        }
        Map<StreamId, Long> lastVersion = new HashMap<>();
        for (RecordedEvent event : seen) {
            long previous = lastVersion.getOrDefault(event.stream(), 0L);
            assertThat(event.streamVersion()).as("version in %s after %d", event.stream(), previous)
                    .isEqualTo(previous + 1);
            lastVersion.put(event.stream(), event.streamVersion());
        }
    }

    private static List<RecordedEvent> pageThroughReadAll(PostgresEventStore store, int limit) {
        List<RecordedEvent> all = new ArrayList<>();
        Checkpoint after = Checkpoint.START;
        int pages = 0;
        while (true) {
            List<RecordedEvent> page = store.readAll(after, limit).block(WAIT);
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            all.addAll(page);
            after = page.getLast().checkpoint();
        }
        assertThat(pages).as("more than one page").isGreaterThan(1);
        return all;
    }

    /** One writer: its own connection, appending to its own two streams in explicit transactions. */
    private Mono<Void> write(PostgresEventStore store, ConnectionFactory connections, int writer) {
        UUID tenant = UUID.randomUUID();
        List<StreamId> streams = List.of(
                StreamId.of("writer" + writer, tenant, UUID.randomUUID()),
                StreamId.of("writer" + writer, tenant, UUID.randomUUID()));
        Map<StreamId, Long> versions = new HashMap<>();
        return Mono.usingWhen(connections.create(),
                connection -> Flux.range(0, TRANSACTIONS_PER_WRITER)
                        .concatMap(i -> transaction(store, connection, tenant, streams, versions))
                        .then(),
                Connection::close);
    }

    /**
     * Appends one or two small batches, waits 0-50 ms with the transaction open, then commits (or, about one
     * time in twenty, rolls back).
     */
    private Mono<Void> transaction(
            PostgresEventStore store, Connection connection, UUID tenant, List<StreamId> streams, Map<StreamId, Long> versions) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<AppendRequest> requests = new ArrayList<>();
        for (StreamId stream : random.nextBoolean() ? streams : List.of(streams.get(random.nextInt(2)))) {
            List<NewEvent> events = new ArrayList<>();
            for (int e = random.nextInt(1, 4); e > 0; e--) {
                events.add(new NewEvent(UUID.randomUUID(), "test.happened", 1, "{\"n\":" + e + "}"));
            }
            requests.add(new AppendRequest("scope", tenant, stream, versions.getOrDefault(stream, 0L), events,
                    EventMetadata.direct(UUID.randomUUID(), "writer")));
        }
        boolean rollBack = random.nextInt(20) == 0;
        Duration commitDelay = Duration.ofMillis(random.nextInt(51));
        return Mono.from(connection.beginTransaction())
                .thenMany(Flux.fromIterable(requests).concatMap(request -> store.append(connection, request)))
                .then(Mono.delay(commitDelay))
                .then(Mono.defer(() -> Mono.from(rollBack ? connection.rollbackTransaction() : connection.commitTransaction())))
                .then(Mono.fromRunnable(() -> {
                    for (AppendRequest request : requests) {
                        Set<UUID> into = rollBack ? rolledBack : committed;
                        request.events().forEach(event -> into.add(event.eventId()));
                        if (!rollBack) {
                            versions.put(request.stream(), request.expectedVersion() + request.events().size());
                        }
                    }
                }));
    }
}

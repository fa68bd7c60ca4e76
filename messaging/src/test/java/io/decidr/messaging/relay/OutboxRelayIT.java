package io.decidr.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded relay hands the outbox's messages to Tram's consumer side (DomainEventDispatcher, SQL duplicate
 * detection) in order; each handler's effect happens once, however often a message comes.
 */
@Timeout(120)
class OutboxRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestPostgres.Database database;
    private ConnectionPool pool;
    private Writes writes;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        writes = new Writes(new PostgresEventStore(pool));
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute(RelayStack.EFFECTS_TABLE);
        }
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
    }

    @Test
    void every_message_is_handled_once_in_each_entitys_order_and_marked_published() throws SQLException {
        List<UUID> entities = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (RelayStack stack = new RelayStack(database, "one", RelayStack.quick(Duration.ofSeconds(5)), e -> { })) {
            for (int value = 1; value <= 40; value++) {
                for (UUID entity : entities) {
                    writes.set(entity, value);
                }
            }
            writes.archive(entities.getFirst(), 41);
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 120);
            Poll.until("every message is marked published", WAIT,
                    () -> count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0);
        }
        assertEachEntityHandledOnceInOrder(entities, 40);
        // the archive has no handler here: relayed, and skipped before Tram's duplicate detection records it
        assertThat(count("SELECT count(*) FROM eventuate.message")).isEqualTo(121);
        assertThat(count("SELECT count(*) FROM eventuate.received_messages WHERE consumer_id = 'effects'"))
                .isEqualTo(120);
    }

    @Test
    void redelivering_every_message_three_times_changes_nothing() throws SQLException {
        List<UUID> entities = List.of(UUID.randomUUID(), UUID.randomUUID());
        try (RelayStack stack = new RelayStack(database, "one", RelayStack.quick(Duration.ofSeconds(5)), e -> { })) {
            for (int value = 1; value <= 25; value++) {
                for (UUID entity : entities) {
                    writes.set(entity, value);
                }
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 50);
            for (int round = 1; round <= 3; round++) {
                Poll.until("every message is marked published", WAIT,
                        () -> count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0);
                long before = stack.relay.relayed();
                execute("UPDATE eventuate.message SET published = 0");
                Poll.until("every message is relayed again", WAIT, () -> stack.relay.relayed() >= before + 50);
            }
        }
        assertThat(count("SELECT count(*) FROM effects")).isEqualTo(50);
        assertEachEntityHandledOnceInOrder(entities, 25);
    }

    @Test
    void a_failing_handler_holds_back_the_messages_after_it_until_it_succeeds() throws SQLException {
        UUID entity = UUID.randomUUID();
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (RelayStack stack = new RelayStack(database, "one", RelayStack.quick(Duration.ofSeconds(5)), event -> {
            // the 5th value fails three times, then goes through
            if (event.value().value().equals("5")
                    && attempts.computeIfAbsent(event.entityId(), id -> new AtomicInteger()).incrementAndGet() <= 3) {
                throw new IllegalStateException("the receiver is down");
            }
        })) {
            for (int value = 1; value <= 10; value++) {
                writes.set(entity, value);
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 10);
        }
        assertThat(attempts.get(entity.toString())).hasValue(4);
        assertEachEntityHandledOnceInOrder(List.of(entity), 10);
    }

    @Test
    void a_handler_throwing_an_error_is_retried_like_any_failure_and_the_relay_goes_on() throws SQLException {
        UUID entity = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        try (RelayStack stack = new RelayStack(database, "one", RelayStack.quick(Duration.ofSeconds(5)), event -> {
            if (event.value().value().equals("2") && attempts.incrementAndGet() <= 2) {
                throw new AssertionError("a handler's broken invariant");
            }
        })) {
            for (int value = 1; value <= 4; value++) {
                writes.set(entity, value);
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 4);
            assertThat(stack.relay.leading()).isTrue();
        }
        assertThat(attempts).hasValue(3);
        assertEachEntityHandledOnceInOrder(List.of(entity), 4);
    }

    @Test
    void one_relay_leads_at_a_time_and_another_takes_over_when_it_stops() throws SQLException {
        UUID entity = UUID.randomUUID();
        try (RelayStack first = new RelayStack(database, "first", RelayStack.quick(Duration.ofSeconds(2)), e -> { });
             RelayStack second = new RelayStack(database, "second", RelayStack.quick(Duration.ofSeconds(2)), e -> { })) {
            Poll.until("one relay leads", WAIT, () -> first.relay.leading() || second.relay.leading());
            RelayStack leader = first.relay.leading() ? first : second;
            RelayStack other = leader == first ? second : first;
            for (int value = 1; value <= 10; value++) {
                writes.set(entity, value);
            }
            Poll.until("the first ten are handled", WAIT, () -> count("SELECT count(*) FROM effects") == 10);
            assertThat(other.relay.leading()).isFalse();
            assertThat(other.relay.relayed()).isZero();

            leader.relay.close();
            Poll.until("the other relay leads", WAIT, () -> other.relay.leading());
            for (int value = 11; value <= 20; value++) {
                writes.set(entity, value);
            }
            Poll.until("the next ten are handled", WAIT, () -> count("SELECT count(*) FROM effects") == 20);
            assertThat(other.relay.relayed()).isEqualTo(10);
        }
        assertEachEntityHandledOnceInOrder(List.of(entity), 20);
    }

    @Test
    void published_messages_and_received_records_past_the_retention_are_purged() throws SQLException {
        UUID entity = UUID.randomUUID();
        OutboxRelay.Settings settings = new OutboxRelay.Settings(50, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofMillis(400), Duration.ofSeconds(2));
        try (RelayStack stack = new RelayStack(database, "one", settings, e -> { })) {
            for (int value = 1; value <= 5; value++) {
                writes.set(entity, value);
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 5);
            assertThat(count("SELECT count(*) FROM eventuate.message")).isEqualTo(5);
            Poll.until("the messages are purged", WAIT, () -> count("SELECT count(*) FROM eventuate.message") == 0
                    && count("SELECT count(*) FROM eventuate.received_messages") == 0);
        }
        assertThat(count("SELECT count(*) FROM effects")).isEqualTo(5);
    }

    /** Each entity's values 1..n were each handled once, in order, and each row names its own message. */
    private void assertEachEntityHandledOnceInOrder(List<UUID> entities, int n) throws SQLException {
        Map<String, List<Integer>> handled = new LinkedHashMap<>();
        try (Connection c = database.jdbc(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT e.entity_id, e.value, m.headers::jsonb ->> 'PARTITION_ID' AS partition
                     FROM effects e JOIN eventuate.message m ON m.id = e.message_id
                     ORDER BY e.seq_no
                     """)) {
            while (r.next()) {
                assertThat(r.getString("partition")).isEqualTo(r.getString("entity_id"));
                handled.computeIfAbsent(r.getString("entity_id"), id -> new ArrayList<>()).add(r.getInt("value"));
            }
        }
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
        for (UUID entity : entities) {
            assertThat(handled.get(entity.toString())).as("values handled for %s", entity).isEqualTo(expected);
        }
    }

    private long count(String sql) {
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

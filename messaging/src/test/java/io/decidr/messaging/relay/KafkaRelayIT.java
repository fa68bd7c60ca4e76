package io.decidr.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.devservices.kafka.EmbeddedKafka;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka path on a real broker (Apache Kafka in KRaft mode, in its own JVM): the relay publishes the outbox into
 * Kafka as Tram's CDC does, Tram's Kafka consumer hands the messages to the same handlers with the same duplicate
 * detection. Each entity's messages are handled once and in order, also when every message is published again and
 * when the broker is restarted while writes go on.
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedKafka kafka;
    private TestPostgres.Database database;
    private ConnectionPool pool;
    private Writes writes;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = new EmbeddedKafka(EmbeddedKafka.Settings.in(Files.createTempDirectory("kafka-relay"))).start();
    }

    @AfterAll
    void stopKafka() {
        kafka.stop();
    }

    @BeforeEach
    void setUp() throws SQLException {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        writes = new Writes(new PostgresEventStore(pool));
        execute(RelayStack.EFFECTS_TABLE);
    }

    private RelayStack stack(String holder) {
        return new RelayStack(database, holder, RelayStack.quick(Duration.ofSeconds(5)), e -> { },
                kafka.bootstrapServers());
    }

    @Test
    void through_kafka_every_message_is_handled_once_in_each_entitys_order_even_when_published_again() {
        List<UUID> entities = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (RelayStack stack = stack("kafka-one")) {
            for (int value = 1; value <= 30; value++) {
                for (UUID entity : entities) {
                    writes.set(entity, value);
                }
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 90);
            Poll.until("every message is marked published", WAIT,
                    () -> count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0);
            // every message into Kafka again: the consumers see each twice, and skip the second
            long before = stack.relay.relayed();
            executeUnchecked("UPDATE eventuate.message SET published = 0");
            Poll.until("every message is relayed again", WAIT, () -> stack.relay.relayed() >= before + 90);
            for (UUID entity : entities) {
                writes.set(entity, 31);
            }
            Poll.until("the last values are handled", WAIT, () -> count("SELECT count(*) FROM effects") == 93);
        }
        assertEachEntityHandledOnceInOrder(entities, 31);
    }

    @Test
    void a_failing_handler_is_tried_again_and_the_kafka_consumer_goes_on() {
        UUID entity = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        try (RelayStack stack = new RelayStack(database, "kafka-failing", RelayStack.quick(Duration.ofSeconds(5)),
                event -> {
                    // the 5th value fails three times (Temporal unreachable, say), then goes through
                    if (event.value().value().equals("5") && attempts.incrementAndGet() <= 3) {
                        throw new IllegalStateException("the receiver is down");
                    }
                }, kafka.bootstrapServers())) {
            for (int value = 1; value <= 10; value++) {
                writes.set(entity, value);
            }
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") == 10);
        }
        assertThat(attempts).hasValue(4);
        assertHandledOnceInOrder(entity, 10);
    }

    @Test
    void a_broker_restarted_under_load_loses_nothing_and_the_consumers_resume() throws Exception {
        List<UUID> entities = IntStream.range(0, 6).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, Integer> written = new HashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (RelayStack stack = stack("kafka-restart")) {
            Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                try {
                    while (writing.get()) {
                        UUID entity = entities.get(ThreadLocalRandom.current().nextInt(entities.size()));
                        writes.set(entity, written.merge(entity, 1, Integer::sum));
                        Thread.sleep(5);
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            });
            Poll.until("some messages are handled", WAIT, () -> count("SELECT count(*) FROM effects") > 50);
            kafka.stop();
            Thread.sleep(2_000); // writes go on: the relay holds them back (and retries) while the broker is gone
            kafka.start();
            long afterRestart = count("SELECT count(*) FROM effects");
            Poll.until("messages are handled again", WAIT,
                    () -> count("SELECT count(*) FROM effects") > afterRestart);
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).isNull();
            int total = written.values().stream().mapToInt(Integer::intValue).sum();
            Poll.until("every message is handled", WAIT, () -> count("SELECT count(*) FROM effects") >= total
                    && count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0);
            assertThat(count("SELECT count(*) FROM effects")).isEqualTo(total);
        }
        written.forEach((entity, n) -> assertHandledOnceInOrder(entity, n));
    }

    private void assertEachEntityHandledOnceInOrder(List<UUID> entities, int n) {
        for (UUID entity : entities) {
            assertHandledOnceInOrder(entity, n);
        }
    }

    private void assertHandledOnceInOrder(UUID entity, int n) {
        List<Integer> handled = new ArrayList<>();
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT value FROM effects WHERE entity_id = '" + entity + "' ORDER BY seq_no")) {
            while (r.next()) {
                handled.add(r.getInt(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(handled).as("values handled for %s", entity)
                .isEqualTo(IntStream.rangeClosed(1, n).boxed().toList());
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

    private void executeUnchecked(String sql) {
        try {
            execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

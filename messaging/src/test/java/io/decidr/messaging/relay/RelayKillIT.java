package io.decidr.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The process that relays and consumes is killed (SIGKILL) at random moments, 20 times, while writers append: every
 * message is still handled, exactly once in effect, and each entity's messages in their order.
 */
@Timeout(300)
class RelayKillIT {

    private static final int KILLS = 20;
    private static final int ENTITIES = 8;
    /** How often a standby relay tries to take the lock. */
    private static final Duration STANDBY_POLL = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void killed_relays_lose_nothing_and_double_nothing() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute(RelayStack.EFFECTS_TABLE);
        }
        ConnectionPool pool = database.pool(4);
        Writes writes = new Writes(new PostgresEventStore(pool));
        List<UUID> entities = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            entities.add(UUID.randomUUID());
        }
        Map<UUID, Integer> written = new HashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            try {
                while (writing.get()) {
                    UUID entity = entities.get(ThreadLocalRandom.current().nextInt(ENTITIES));
                    int next = written.merge(entity, 1, Integer::sum);
                    writes.set(entity, next);
                    Thread.sleep(2);
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        Path log = Files.createTempFile("relay-kill", ".log");
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = start(database, "child-" + kill, log);
                long handledBefore = count(database, "SELECT count(*) FROM effects");
                // let it take the lease and relay for a while, then kill it wherever it is
                Poll.until("child " + kill + " relays", WAIT,
                        () -> count(database, "SELECT count(*) FROM effects") > handledBefore || !child.isAlive());
                assertThat(child.isAlive()).as("child %d is alive (log: %s)", kill, log).isTrue();
                Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).isNull();
            Process last = start(database, "last", log);
            try {
                int total = written.values().stream().mapToInt(Integer::intValue).sum();
                Poll.until("every message is handled", WAIT,
                        () -> count(database, "SELECT count(*) FROM eventuate.message WHERE published = 0") == 0
                                && count(database, "SELECT count(*) FROM effects") >= total);
                assertThat(count(database, "SELECT count(*) FROM effects")).as("effects").isEqualTo(total);
                assertThat(count(database, "SELECT count(*) FROM eventuate.message")).isEqualTo(total);
            } finally {
                last.destroyForcibly();
                last.waitFor(30, TimeUnit.SECONDS);
            }
            Map<String, List<Integer>> handled = new HashMap<>();
            try (Connection c = database.jdbc(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT entity_id, value FROM effects ORDER BY seq_no")) {
                while (r.next()) {
                    handled.computeIfAbsent(r.getString(1), id -> new ArrayList<>()).add(r.getInt(2));
                }
            }
            written.forEach((entity, count) -> assertThat(handled.get(entity.toString()))
                    .as("values of %s, in the order handled", entity)
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
        } finally {
            writing.set(false);
            writer.join();
            pool.dispose();
        }
    }

    private static Process start(TestPostgres.Database database, String holder, Path log) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                RelayChild.class.getName(),
                database.host(), Integer.toString(database.port()), database.name(), holder,
                Long.toString(STANDBY_POLL.toMillis()));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(TestPostgres.Database database, String sql) {
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.decidr.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.Publication;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;
import reactor.core.publisher.Mono;

/**
 * Commands that append several events are sent through a TCP proxy that is cut while they run; the same
 * command is then repeated through a healthy connection until it succeeds. Whatever the cut hit, each
 * command's events must be in the log completely and once, or the repeat must write them; and each event's
 * integration message is in the outbox exactly when the event is in the log.
 */
@Timeout(120)
class ConnectionCutIT {

    private static final int ROUNDS = 20;
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Where the connection is cut. */
    private enum Cut {
        /** after a random 0-4 ms, wherever the command is by then (loading, appending, or done) */
        AT_A_RANDOM_MOMENT,
        /** while the append waits on a lock; the server then finishes and commits it, but the answer is lost */
        WHILE_THE_APPEND_WAITS,
        /** while the append waits on a lock, and its server process is then killed before it can run */
        AND_THE_SERVER_PROCESS_IS_KILLED
    }

    /** Every ledger event publishes a message (the outbox is part of the append being cut). */
    private static final IntegrationEvents PUBLISH_ALL = (category, tenant, aggregate, event) -> new Publication(
            "test." + category, aggregate.toString(), "ledger.item-added.v1",
            "{\"label\":\"" + ((Ledger.ItemAdded) event).label() + "\"}");

    private NioReactor reactor;
    private TcpCrusher crusher;
    private TestPostgres.Database database;
    private ConnectionPool healthyPool;
    private Connection monitor;
    private PostgresEventStore proxied;

    @BeforeEach
    void setUp() throws IOException, SQLException {
        database = TestPostgres.newDatabase();
        int proxyPort;
        try (ServerSocket free = new ServerSocket(0)) {
            proxyPort = free.getLocalPort();
        }
        reactor = new NioReactor();
        crusher = TcpCrusherBuilder.builder()
                .withReactor(reactor)
                .withBindAddress("127.0.0.1", proxyPort)
                .withConnectAddress(database.host(), database.port())
                .buildAndOpen();
        healthyPool = database.pool(4);
        monitor = database.jdbc();
        // no pool: every operation of the cut-off bus opens its own connection through the proxy
        proxied = new PostgresEventStore(database.via("127.0.0.1", proxyPort).connectionFactory());
    }

    @AfterEach
    void tearDown() throws SQLException {
        monitor.close();
        healthyPool.dispose();
        crusher.close();
        reactor.close();
    }

    @Test
    void a_command_cut_off_mid_append_is_in_the_log_completely_and_once_after_it_is_repeated() throws Exception {
        PostgresEventStore healthyStore = new PostgresEventStore(healthyPool);
        CommandBus healthy = publishing(healthyStore);
        UUID tenant = UUID.randomUUID();
        List<UUID> ledgers = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Map<UUID, Ledger.AddItems> sent = new LinkedHashMap<>();
        Map<Cut, List<Boolean>> repeatWasDuplicate = new HashMap<>();

        for (int round = 0; round < ROUNDS; round++) {
            Cut cut = Cut.values()[round % Cut.values().length];
            UUID commandId = UUID.randomUUID();
            Ledger.AddItems command = new Ledger.AddItems(
                    ledgers.get(round % ledgers.size()), "round-" + round, ThreadLocalRandom.current().nextInt(2, 6));
            CommandEnvelope<Ledger.AddItems> envelope = new CommandEnvelope<>(
                    tenant.toString(), tenant, command, EventMetadata.direct(commandId, "tester"));
            sent.put(commandId, command);

            // a fresh bus each round: it loads the ledger through the proxy too
            CommandBus cutOff = publishing(proxied);
            switch (cut) {
                case AT_A_RANDOM_MOMENT -> cutAtRandom(cutOff, envelope);
                case WHILE_THE_APPEND_WAITS -> cutWhileWaiting(cutOff, envelope, false);
                case AND_THE_SERVER_PROCESS_IS_KILLED -> cutWhileWaiting(cutOff, envelope, true);
            }

            CommandOutcome<Ledger.ItemAdded> repeated = repeatUntilSucceeded(healthy, envelope);
            repeatWasDuplicate.computeIfAbsent(cut, c -> new ArrayList<>()).add(repeated.duplicate());
            assertThat(repeated.version() - repeated.fromVersion()).as("versions written by round %d", round)
                    .isEqualTo(command.count());
        }

        assertThat(repeatWasDuplicate.get(Cut.WHILE_THE_APPEND_WAITS))
                .as("an append whose answer was lost had committed: its repeat finds it")
                .containsOnly(true);
        assertThat(repeatWasDuplicate.get(Cut.AND_THE_SERVER_PROCESS_IS_KILLED))
                .as("an append killed before it ran wrote nothing: its repeat writes it")
                .containsOnly(false);
        assertEveryCommandIsInTheLogOnceAndWhole(healthyStore, tenant, ledgers, sent);
        assertEveryEventHasItsMessageAndNoMessageIsWithoutItsEvent();
    }

    private static CommandBus publishing(PostgresEventStore store) {
        return new CommandBus(store, CommandBusSettings.DEFAULTS, CommandObserver.NONE, CommandTracing.NONE,
                PUBLISH_ALL);
    }

    private void assertEveryEventHasItsMessageAndNoMessageIsWithoutItsEvent() throws SQLException {
        Map<String, Long> eventPositions = new HashMap<>();
        try (Statement s = monitor.createStatement();
             ResultSet r = s.executeQuery("SELECT event_id, global_position FROM events")) {
            while (r.next()) {
                eventPositions.put(r.getString(1), r.getLong(2));
            }
        }
        Map<String, String> messageIds = new HashMap<>();
        try (Statement s = monitor.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM eventuate.message")) {
            while (r.next()) {
                String id = r.getString(1);
                assertThat(messageIds.put(id.substring(17), id)).as("one message per event").isNull();
            }
        }
        assertThat(messageIds.keySet()).as("the events of the messages")
                .containsExactlyInAnyOrderElementsOf(eventPositions.keySet());
        eventPositions.forEach((eventId, position) -> assertThat(messageIds.get(eventId))
                .isEqualTo("%016x-%s".formatted(position, eventId)));
    }

    private void cutAtRandom(CommandBus cutOff, CommandEnvelope<Ledger.AddItems> envelope) throws InterruptedException {
        CompletableFuture<CommandOutcome<Ledger.ItemAdded>> dispatched =
                cutOff.dispatch(Ledger.TYPE, envelope).toFuture();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Mono.delay(Duration.ofMillis(random.nextInt(5))).block(); // load shaping: where the cut lands
        if (random.nextBoolean()) {
            crusher.freeze(); // what is in flight stays in the proxy and is dropped with the connection
            crusher.closeAllPairs();
            crusher.unfreeze();
        } else {
            crusher.closeAllPairs();
        }
        awaitEnd(dispatched); // succeeded before the cut, or failed by it: either is fine here
    }

    private void cutWhileWaiting(CommandBus cutOff, CommandEnvelope<Ledger.AddItems> envelope, boolean kill)
            throws SQLException, InterruptedException {
        // a statement cut off in an earlier round may still be finishing: it must not be taken for this one
        Poll.until("no earlier statement is still running", WAIT, () -> !anotherStatementIsRunning());
        try (Connection lock = database.jdbc(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            // readers pass, appends wait: the append is then on the server, in its statement, when the cut comes
            s.execute("LOCK TABLE events IN SHARE MODE");
            CompletableFuture<CommandOutcome<Ledger.ItemAdded>> dispatched =
                    cutOff.dispatch(Ledger.TYPE, envelope).toFuture();
            AtomicInteger appender = new AtomicInteger();
            Poll.until("the append waits on the lock", WAIT, () -> appender.updateAndGet(pid -> backendWaitingOnALock()) != 0);

            crusher.closeAllPairs();
            assertThat(awaitEnd(dispatched)).as("the cut-off dispatch fails").isEmpty();
            if (kill) {
                try (Statement k = monitor.createStatement()) {
                    k.execute("SELECT pg_terminate_backend(" + appender.get() + ")");
                }
            }
            lock.commit();
            // the server side of the cut connection finishes on its own; repeat only after it did, so the
            // repeat's outcome tells whether the cut append committed
            Poll.until("the cut-off server process has ended", WAIT, () -> !backendExists(appender.get()));
        }
    }

    /** The outcome if the dispatch succeeded, empty if it failed; fails the test if it does not end. */
    private static Optional<CommandOutcome<Ledger.ItemAdded>> awaitEnd(
            CompletableFuture<CommandOutcome<Ledger.ItemAdded>> dispatched) throws InterruptedException {
        try {
            return Optional.of(dispatched.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
            return Optional.empty();
        } catch (TimeoutException e) {
            throw new AssertionError("the cut-off dispatch neither succeeded nor failed within " + WAIT, e);
        }
    }

    private static CommandOutcome<Ledger.ItemAdded> repeatUntilSucceeded(
            CommandBus healthy, CommandEnvelope<Ledger.AddItems> envelope) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return healthy.dispatch(Ledger.TYPE, envelope).block(WAIT);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new AssertionError("the repeated command did not succeed through a healthy connection", last);
    }

    private int backendWaitingOnALock() {
        try (Statement s = monitor.createStatement(); ResultSet r = s.executeQuery("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """)) {
            return r.next() ? r.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean anotherStatementIsRunning() {
        try (Statement s = monitor.createStatement(); ResultSet r = s.executeQuery("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()
                """)) {
            r.next();
            return r.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean backendExists(int pid) {
        try (Statement s = monitor.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            r.next();
            return r.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertEveryCommandIsInTheLogOnceAndWhole(
            PostgresEventStore store, UUID tenant, List<UUID> ledgers, Map<UUID, Ledger.AddItems> sent) {
        Map<UUID, List<RecordedEvent>> byCommand = new HashMap<>();
        for (UUID ledger : ledgers) {
            StreamId stream = Ledger.TYPE.stream(tenant, ledger);
            List<RecordedEvent> recorded = store.readStream(stream, 1).collectList().block(WAIT);
            assertThat(recorded).extracting(RecordedEvent::streamVersion).as("versions of %s", stream)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, recorded.size()).boxed().toList());
            for (RecordedEvent event : recorded) {
                Ledger.ItemAdded item = Ledger.TYPE.events().decode(event);
                assertThat(item.number()).as("item number at version %d of %s", event.streamVersion(), stream)
                        .isEqualTo(event.streamVersion());
                byCommand.computeIfAbsent(EntityFixture.commandIdOf(event), id -> new ArrayList<>()).add(event);
            }
        }

        assertThat(byCommand.keySet()).as("commands in the log").containsExactlyInAnyOrderElementsOf(sent.keySet());
        sent.forEach((commandId, command) -> {
            List<RecordedEvent> events = byCommand.get(commandId);
            List<Ledger.ItemAdded> items = events.stream().map(Ledger.TYPE.events()::decode).toList();
            assertThat(items).as("events of %s", command.label())
                    .extracting(Ledger.ItemAdded::label, Ledger.ItemAdded::part, Ledger.ItemAdded::parts)
                    .containsExactlyElementsOf(LongStream.range(0, command.count())
                            .mapToObj(part -> tuple(command.label(), (int) part, command.count()))
                            .toList());
            assertThat(events.stream().map(RecordedEvent::stream).collect(Collectors.toSet()))
                    .containsExactly(Ledger.TYPE.stream(tenant, command.ledger()));
            long first = events.getFirst().streamVersion();
            assertThat(events).extracting(RecordedEvent::streamVersion).as("versions of %s", command.label())
                    .containsExactlyElementsOf(LongStream.range(first, first + command.count()).boxed().toList());
        });
    }
}

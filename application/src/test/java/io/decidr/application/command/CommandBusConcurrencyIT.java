package io.decidr.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.EntityCommand;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many SetValue commands on one entity through four CommandBus instances that share a database, as four
 * processes would: their in-process serialization does not cover each other, so their appends really
 * conflict. Whatever wins or loses, the stream must stay a gapless chain without lost updates.
 */
@Timeout(120)
class CommandBusConcurrencyIT {

    private static final int COMMANDS = 64;
    private static final int PROCESSES = 4;
    private static final String CREATED_VALUE = "created";

    private final List<ConnectionPool> pools = new ArrayList<>();
    /** What every simulated process's bus reports (the entity is created through a bus of its own). */
    private final Counting observed = new Counting();
    private TestPostgres.Database database;
    private EntityFixture fixture;
    private UUID createCommandId;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        fixture = new EntityFixture(1);
    }

    @AfterEach
    void tearDown() {
        pools.forEach(ConnectionPool::dispose);
    }

    @Test
    void with_few_attempts_conflicting_commands_either_land_once_or_are_rejected_without_a_trace() {
        List<CommandBus> buses = List.of(
                process(EntityFixture.settings(1, 100)),
                process(EntityFixture.settings(2, 100)),
                process(EntityFixture.settings(3, 100)),
                process(EntityFixture.settings(3, 100)));
        EntityId entity = createEntity(buses);

        List<Sent> sent = sendConcurrently(buses, entity);

        List<Sent> rejected = sent.stream().filter(s -> s.failure() != null).toList();
        assertThat(rejected).as("the four processes should have conflicted so that some attempts ran out")
                .isNotEmpty();
        assertThat(sent.size() - rejected.size()).as("some commands should still have succeeded").isPositive();
        assertStreamIsConsistent(entity, sent);
        // what the buses told their observer (the metrics): one outcome per command, a conflict behind each give-up
        assertThat(observed.handled(CommandObserver.Outcome.CONFLICT)).isEqualTo(rejected.size());
        assertThat(observed.handled(CommandObserver.Outcome.WRITTEN)).isEqualTo(sent.size() - rejected.size());
        assertThat(observed.conflicts.get()).isGreaterThanOrEqualTo(rejected.size());
        assertThat(observed.appends.get()).isGreaterThanOrEqualTo(sent.size());
    }

    /** Counts what the buses report, as the metrics would. */
    private static final class Counting implements CommandObserver {
        final java.util.Map<Outcome, java.util.concurrent.atomic.AtomicInteger> outcomes =
                new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger appends = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void handled(String category, Outcome outcome, long nanos) {
            assertThat(category).isEqualTo("entity");
            assertThat(nanos).isPositive();
            outcomes.computeIfAbsent(outcome, o -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        }

        @Override
        public void appended(String category, long nanos) {
            appends.incrementAndGet();
        }

        @Override
        public void conflicted(String category) {
            conflicts.incrementAndGet();
        }

        int handled(Outcome outcome) {
            var count = outcomes.get(outcome);
            return count == null ? 0 : count.get();
        }
    }

    @Test
    void with_default_settings_every_conflicting_command_eventually_succeeds() {
        List<CommandBus> buses = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            buses.add(process(CommandBusSettings.DEFAULTS));
        }
        EntityId entity = createEntity(buses);

        List<Sent> sent = sendConcurrently(buses, entity);

        assertThat(sent).filteredOn(s -> s.failure() != null)
                .as("rejected commands (default settings retry conflicts away)")
                .extracting(s -> s.failure().toString())
                .isEmpty();
        assertStreamIsConsistent(entity, sent);
        assertThat(fixture.recorded(store(), entity)).hasSize(COMMANDS + 1);
    }

    /** One simulated process: its own pool, store and bus over the shared database. */
    private CommandBus process(CommandBusSettings settings) {
        ConnectionPool pool = database.pool(4);
        pools.add(pool);
        return new CommandBus(new PostgresEventStore(pool), settings, observed);
    }

    private PostgresEventStore store() {
        ConnectionPool pool = database.pool(2);
        pools.add(pool);
        return new PostgresEventStore(pool);
    }

    /**
     * Creates the entity through a bus of its own, then has every process load it, so all of them start
     * with the same cached version and warm connections: none gets a head start.
     */
    private EntityId createEntity(List<CommandBus> buses) {
        EntityId entity = new EntityId(UUID.randomUUID());
        createCommandId = UUID.randomUUID();
        CommandOutcome<EntityEvent> created = new CommandBus(store(), CommandBusSettings.DEFAULTS)
                .dispatch(Aggregates.ENTITY, fixture.envelope(fixture.create(entity, CREATED_VALUE), createCommandId))
                .block(Duration.ofSeconds(30));
        assertThat(created.version()).isEqualTo(1);
        for (CommandBus bus : buses) {
            assertThat(bus.load(Aggregates.ENTITY, fixture.tenant, entity.value()).block(Duration.ofSeconds(30)).version())
                    .isEqualTo(1);
        }
        return entity;
    }

    private List<Sent> sendConcurrently(List<CommandBus> buses, EntityId entity) {
        return Flux.range(0, COMMANDS)
                .flatMap(i -> {
                    UUID commandId = UUID.randomUUID();
                    String value = "value-" + i;
                    EntityCommand command = fixture.set(entity, 0, value);
                    return buses.get(i % buses.size())
                            .dispatch(Aggregates.ENTITY, fixture.envelope(command, commandId))
                            .map(outcome -> new Sent(commandId, value, outcome, null))
                            .onErrorResume(e -> Mono.just(new Sent(commandId, value, null, e)));
                }, COMMANDS)
                .collectList()
                .block(Duration.ofSeconds(90));
    }

    private void assertStreamIsConsistent(EntityId entity, List<Sent> sent) {
        PostgresEventStore store = store();
        List<RecordedEvent> recorded = fixture.recorded(store, entity);
        long succeeded = sent.stream().filter(s -> s.failure() == null).count();

        assertThat(sent).hasSize(COMMANDS);
        assertThat(recorded).extracting(RecordedEvent::streamVersion)
                .as("stream versions are exactly 1..n")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, succeeded + 1).boxed().toList());

        Map<UUID, List<RecordedEvent>> byCommand = recorded.stream()
                .collect(Collectors.groupingBy(EntityFixture::commandIdOf));
        for (Sent s : sent) {
            List<RecordedEvent> written = byCommand.getOrDefault(s.commandId(), List.of());
            if (s.failure() == null) {
                assertThat(s.outcome().duplicate()).isFalse();
                assertThat(s.outcome().version()).isEqualTo(s.outcome().fromVersion() + 1);
                assertThat(s.outcome().events()).singleElement().isInstanceOfSatisfying(ValueSet.class,
                        set -> assertThat(set.value()).isEqualTo(new TextValue(s.value())));
                assertThat(written).as("events of succeeded command %s", s.value()).singleElement()
                        .satisfies(event -> {
                            assertThat(event.streamVersion()).isEqualTo(s.outcome().version());
                            assertThat(EntityFixture.decode(event)).isInstanceOfSatisfying(ValueSet.class,
                                    set -> assertThat(set.value()).isEqualTo(new TextValue(s.value())));
                        });
            } else {
                assertThat(s.failure()).as("failure of %s", s.value()).isInstanceOfSatisfying(Rejection.class,
                        rejection -> assertThat(rejection.code()).isEqualTo(RejectionCode.VERSION_CONFLICT));
                assertThat(written).as("events of rejected command %s", s.value()).isEmpty();
                assertThat(store.findCommand(fixture.tenant.toString(), s.commandId()).blockOptional(Duration.ofSeconds(10)))
                        .as("a rejected command is not recorded as handled").isEmpty();
            }
        }

        List<EntityEvent> events = recorded.stream().map(EntityFixture::decode).toList();
        assertThat(events.getFirst()).isInstanceOf(EntityCreated.class);
        Value current = new TextValue(CREATED_VALUE);
        for (EntityEvent event : events.subList(1, events.size())) {
            assertThat(event).isInstanceOf(ValueSet.class);
            ValueSet set = (ValueSet) event;
            assertThat(set.previous()).as("ValueSet(%s).previous: no lost update", set.value()).isEqualTo(current);
            current = set.value();
        }
        assertThat(events.stream().skip(1).map(e -> ((ValueSet) e).value()).collect(Collectors.toSet()))
                .as("every value was written once").hasSize(events.size() - 1);
        assertThat(byCommand.keySet())
                .as("the stream holds the creation and the succeeded commands, nothing else")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(createCommandId),
                        sent.stream().filter(s -> s.failure() == null).map(Sent::commandId)).toList());
    }

    private record Sent(UUID commandId, String value, CommandOutcome<EntityEvent> outcome, Throwable failure) {
    }
}

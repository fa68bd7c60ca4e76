package io.decidr.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.EntityCommand;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * A command id is handled once: repeating it, one after the other or all at once from several processes,
 * returns the first outcome and writes nothing more.
 */
@Timeout(60)
class CommandIdempotencyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PROCESSES = 4;

    private static final List<ConnectionPool> pools = new ArrayList<>();
    private static final List<CommandBus> buses = new ArrayList<>();
    private static PostgresEventStore store;

    private final EntityFixture fixture = new EntityFixture(1);

    @BeforeAll
    static void start() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        for (int i = 0; i <= PROCESSES; i++) {
            pools.add(database.pool(4));
        }
        store = new PostgresEventStore(pools.getFirst());
        for (int i = 1; i <= PROCESSES; i++) {
            buses.add(new CommandBus(new PostgresEventStore(pools.get(i)), CommandBusSettings.DEFAULTS));
        }
    }

    @AfterAll
    static void stop() {
        pools.forEach(ConnectionPool::dispose);
    }

    @Test
    void a_command_repeated_one_after_the_other_is_written_once() {
        CommandBus bus = buses.getFirst();
        EntityId entity = create(bus, "created");
        UUID repeated = UUID.randomUUID();
        EntityCommand setFirst = fixture.set(entity, 0, "first");

        CommandOutcome<EntityEvent> first = dispatch(bus, setFirst, repeated);
        assertThat(first.duplicate()).isFalse();
        assertThat(first.version()).isEqualTo(2);

        for (int i = 0; i < 9; i++) {
            // Move the value on in between, so deciding the repeat again would produce an event.
            dispatch(bus, fixture.set(entity, 0, "other-" + i), UUID.randomUUID());
            // Alternate a bus that has the entity cached with one that loads it fresh.
            CommandBus sender = i % 2 == 0 ? bus : new CommandBus(
                    new PostgresEventStore(pools.get(1 + i % PROCESSES)), CommandBusSettings.DEFAULTS);
            CommandOutcome<EntityEvent> again = dispatch(sender, setFirst, repeated);
            assertThat(again.duplicate()).as("send %d of the same command", i + 2).isTrue();
            assertThat(again.fromVersion()).isEqualTo(first.fromVersion());
            assertThat(again.version()).isEqualTo(first.version());
            assertThat(again.events()).isEmpty();
        }

        List<RecordedEvent> recorded = fixture.recorded(store, entity);
        assertThat(recorded).extracting(RecordedEvent::streamVersion)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        assertThat(recorded).filteredOn(e -> EntityFixture.commandIdOf(e).equals(repeated))
                .singleElement()
                .satisfies(e -> assertThat(e.streamVersion()).isEqualTo(2))
                .satisfies(e -> assertThat(EntityFixture.decode(e)).isInstanceOfSatisfying(ValueSet.class,
                        set -> assertThat(set.value()).isEqualTo(new TextValue("first"))));
    }

    @Test
    void a_command_sent_ten_times_at_once_from_several_processes_is_written_once() {
        EntityId entity = create(buses.getFirst(), "created");
        UUID repeated = UUID.randomUUID();
        EntityCommand command = fixture.set(entity, 0, "concurrent");
        // Load the entity into every bus, so all of them decide on the same version and race for the append.
        buses.forEach(bus -> bus.load(Aggregates.ENTITY, fixture.tenant, entity.value()).block(WAIT));

        List<CommandOutcome<EntityEvent>> outcomes = Flux.range(0, 10)
                .flatMap(i -> buses.get(i % PROCESSES).dispatch(Aggregates.ENTITY, fixture.envelope(command, repeated)), 10)
                .collectList()
                .block(WAIT);

        assertThat(outcomes).hasSize(10);
        assertThat(outcomes).filteredOn(o -> !o.duplicate()).singleElement()
                .satisfies(o -> assertThat(o.events()).hasSize(1));
        assertThat(outcomes).filteredOn(CommandOutcome::duplicate).hasSize(9)
                .allSatisfy(o -> {
                    assertThat(o.fromVersion()).isEqualTo(1);
                    assertThat(o.version()).isEqualTo(2);
                    assertThat(o.events()).isEmpty();
                });
        assertThat(outcomes).extracting(CommandOutcome::fromVersion, CommandOutcome::version)
                .containsOnly(tuple(1L, 2L));
        List<RecordedEvent> recorded = fixture.recorded(store, entity);
        assertThat(recorded).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L);
        assertThat(EntityFixture.commandIdOf(recorded.get(1))).isEqualTo(repeated);
    }

    @Test
    void a_repeated_create_returns_the_first_outcome_rather_than_already_exists() {
        EntityId entity = new EntityId(UUID.randomUUID());
        UUID commandId = UUID.randomUUID();
        EntityCommand create = fixture.create(entity, "created");
        CommandBus bus = buses.getFirst();

        CommandOutcome<EntityEvent> first = dispatch(bus, create, commandId);
        CommandOutcome<EntityEvent> againCached = dispatch(bus, create, commandId);
        CommandOutcome<EntityEvent> againFresh = dispatch(
                new CommandBus(new PostgresEventStore(pools.get(2)), CommandBusSettings.DEFAULTS), create, commandId);

        assertThat(first.duplicate()).isFalse();
        assertThat(first.events()).singleElement().isInstanceOf(EntityCreated.class);
        for (CommandOutcome<EntityEvent> again : List.of(againCached, againFresh)) {
            assertThat(again.duplicate()).isTrue();
            assertThat(again.fromVersion()).isZero();
            assertThat(again.version()).isEqualTo(1);
        }
        // The same creation under a new command id is a new command, and the entity exists by then.
        assertThat(catchThrowable(() -> dispatch(bus, create, UUID.randomUUID())))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.ALREADY_EXISTS));
        assertThat(fixture.recorded(store, entity)).hasSize(1);
    }

    @Test
    void a_command_id_reused_for_another_stream_is_rejected_and_writes_nothing() {
        CommandBus bus = buses.getFirst();
        EntityId first = create(bus, "first");
        EntityId second = create(bus, "second");
        UUID reused = UUID.randomUUID();
        dispatch(bus, fixture.set(first, 0, "changed"), reused);

        EntityId third = new EntityId(UUID.randomUUID());
        CommandBus fresh = new CommandBus(new PostgresEventStore(pools.get(3)), CommandBusSettings.DEFAULTS);
        List<Throwable> failures = Arrays.asList( // a send that wrongly succeeds leaves null here
                catchThrowable(() -> dispatch(bus, fixture.set(second, 0, "changed"), reused)),
                catchThrowable(() -> dispatch(fresh, fixture.set(second, 0, "changed"), reused)),
                catchThrowable(() -> dispatch(bus, fixture.create(third, "third"), reused)));

        assertThat(failures).allSatisfy(failure -> assertThat(failure).as("send with a reused command id").isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.VALIDATION_FAILED);
            assertThat(r.field()).contains("commandId");
        }));
        assertThat(fixture.recorded(store, second)).hasSize(1);
        assertThat(fixture.recorded(store, third)).isEmpty();
        assertThat(fixture.recorded(store, first)).hasSize(2);
        // The bus still serves the other stream afterwards (a failed command leaves no stale state behind).
        assertThat(dispatch(bus, fixture.set(second, 0, "changed"), UUID.randomUUID()).version()).isEqualTo(2);
    }

    private EntityId create(CommandBus bus, String value) {
        EntityId entity = new EntityId(UUID.randomUUID());
        dispatch(bus, fixture.create(entity, value), UUID.randomUUID());
        return entity;
    }

    private CommandOutcome<EntityEvent> dispatch(CommandBus bus, EntityCommand command, UUID commandId) {
        return bus.dispatch(Aggregates.ENTITY, fixture.envelope(command, commandId)).block(WAIT);
    }
}

package io.decidr.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.CreateEntity;
import io.decidr.domain.entity.EntityCommand;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.EraseEntity;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SetValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Personal values through the command bus: sealed in the events and snapshots it writes, open in the states it loads,
 * and erased for good once the subject's key is deleted, while the others stay as they were.
 */
@Timeout(60)
class PersonalDataIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static PostgresPersonalKeys keys;

    private final UUID tenant = UUID.randomUUID();
    private final CommandContext member = context(Role.MEMBER);
    private final CommandContext admin = context(Role.ADMIN);
    private final AttributeId email = new AttributeId(UUID.randomUUID());
    private final AttributeId score = new AttributeId(UUID.randomUUID());
    private final CollectionSchema schema = new CollectionSchema(new CollectionId(UUID.randomUUID()), false, List.of(
            new Attribute(email, "Email", TextType.withDefaultMaxLength(), false, true),
            new Attribute(score, "Score", new NumberType(), false)));

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new PostgresEventStore(pool);
        keys = new PostgresPersonalKeys(pool, new LocalMasterKeys(Map.of("m1", new byte[32]), "m1"), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void personal_values_never_reach_the_log_or_snapshots_in_clear_and_read_as_erased_after_erasure() throws Exception {
        EntityId entity = new EntityId(UUID.randomUUID());
        List<String> written = new ArrayList<>();
        CommandBus bus = bus();
        written.add("first-" + UUID.randomUUID() + "@example.org");
        send(bus, new CreateEntity(member, entity, schema,
                Map.of(email, new TextValue(written.getFirst()), score, new NumberValue(new BigDecimal("41.5")))));
        for (int i = 0; i < 7; i++) {
            written.add("v" + i + "-" + UUID.randomUUID() + "@example.org");
            send(bus, new SetValue(member, entity, schema, email, new TextValue(written.getLast())));
        }
        send(bus, new SetValue(member, entity, schema, score, new NumberValue(new BigDecimal("42.25"))));

        // a fresh bus (no cache) starts from the snapshot and the newer events, opened with the key
        EntityState loaded = bus().load(Aggregates.ENTITY, tenant, entity.value()).block(WAIT).state();
        assertThat(loaded.values()).containsEntry(email, new TextValue(written.getLast()))
                .containsEntry(score, new NumberValue(new BigDecimal("42.25")));
        assertThat(storedText()).as("events and snapshots").doesNotContain(written).contains("42.25", "41.5");
        assertThat(snapshotCount(entity)).isPositive();

        send(bus, new EraseEntity(admin, entity, "asked to be forgotten"));
        keys.erase(tenant, entity.value(), "admin-1", "asked to be forgotten").block(WAIT);

        for (CommandBus reader : List.of(bus, bus())) {
            EntityState erased = reader.load(Aggregates.ENTITY, tenant, entity.value()).block(WAIT).state();
            assertThat(erased.erased()).isTrue();
            assertThat(erased.values()).containsEntry(email, ErasedValue.INSTANCE)
                    .containsEntry(score, new NumberValue(new BigDecimal("42.25")));
        }
        // every event still there, each value that was personal now an erased stand-in
        List<RecordedEvent> events = store.readStream(Aggregates.ENTITY.stream(tenant, entity.value()), 1)
                .collectList().block(WAIT);
        List<EntityEvent> decoded = bus().decoded(Aggregates.ENTITY, tenant, events).block(WAIT);
        assertThat(decoded).hasSize(10);
        assertThat(decoded).filteredOn(ValueSet.class::isInstance).map(ValueSet.class::cast)
                .filteredOn(ValueSet::personal)
                .allSatisfy(set -> assertThat(set.value()).isEqualTo(ErasedValue.INSTANCE)).hasSize(7);
        // the erased entity takes no new personal value, and the others as before
        assertThat(reject(bus, new SetValue(member, entity, schema, email, new TextValue("again@example.org"))))
                .isEqualTo(RejectionCode.INVALID_STATE);
        send(bus, new SetValue(member, entity, schema, score, new NumberValue(BigDecimal.TEN)));
        assertThat(storedText()).doesNotContain(written).doesNotContain("again@example.org");
    }

    @Test
    void entities_without_personal_values_use_no_key() throws Exception {
        EntityId entity = new EntityId(UUID.randomUUID());
        send(bus(), new CreateEntity(member, entity, schema, Map.of(score, new NumberValue(BigDecimal.ONE))));
        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "SELECT count(*) FROM subject_key WHERE subject_id = ?")) {
            statement.setObject(1, entity.value());
            ResultSet count = statement.executeQuery();
            count.next();
            assertThat(count.getInt(1)).isZero();
        }
    }

    @Test
    void a_new_entitys_key_is_stored_with_its_first_events_and_one_it_had_before_is_kept() throws Exception {
        EntityId entity = new EntityId(UUID.randomUUID());
        send(bus(), new CreateEntity(member, entity, schema, Map.of(email, new TextValue("new@example.org"))));
        assertThat(keyRows(entity)).isEqualTo(1);
        assertThat(keyIdsInLog(entity)).containsExactly(keys.keyFor(tenant, entity.value()).block(WAIT).id());

        // a subject with a key before its stream (made by an earlier path, in another process: this one does not
        // keep it): the append that brings a new key is refused, and the create seals with the stored one
        EntityId keyed = new EntityId(UUID.randomUUID());
        UUID before = new PostgresPersonalKeys(pool, new LocalMasterKeys(Map.of("m1", new byte[32]), "m1"), Duration.ZERO)
                .keyFor(tenant, keyed.value()).block(WAIT).id();
        send(bus(), new CreateEntity(member, keyed, schema, Map.of(email, new TextValue("keyed@example.org"))));
        assertThat(keyRows(keyed)).isEqualTo(1);
        assertThat(keyIdsInLog(keyed)).containsExactly(before);
        assertThat(bus().load(Aggregates.ENTITY, tenant, keyed.value()).block(WAIT).state().values())
                .containsEntry(email, new TextValue("keyed@example.org"));

        // a subject erased before its stream existed: a create with a personal value is refused and writes nothing
        EntityId erased = new EntityId(UUID.randomUUID());
        keys.erase(tenant, erased.value(), "admin-1", "asked before it existed").block(WAIT);
        assertThat(reject(bus(), new CreateEntity(member, erased, schema,
                Map.of(email, new TextValue("erased@example.org"))))).isEqualTo(RejectionCode.INVALID_STATE);
        assertThat(store.readStream(Aggregates.ENTITY.stream(tenant, erased.value()), 1).collectList().block(WAIT))
                .isEmpty();
        assertThat(storedText()).doesNotContain("erased@example.org");
    }

    @Test
    void a_key_kept_in_memory_by_another_process_seals_nothing_after_an_erasure() throws Exception {
        // two processes, each with its key store and command bus: one keeps the entity's key (sealing keeps it long)
        PostgresPersonalKeys otherKeys = new PostgresPersonalKeys(pool,
                new LocalMasterKeys(Map.of("m1", new byte[32]), "m1"), Duration.ofSeconds(5));
        CommandBus other = new CommandBus(store, EntityFixture.settings(8, 5), CommandObserver.NONE, CommandTracing.NONE,
                IntegrationEvents.NONE, otherKeys);
        EntityId entity = new EntityId(UUID.randomUUID());
        send(other, new CreateEntity(member, entity, schema, Map.of(email, new TextValue("first@example.org"))));
        send(other, new SetValue(member, entity, schema, email, new TextValue("second@example.org")));

        CommandBus erasing = bus();
        send(erasing, new EraseEntity(admin, entity, "asked to be forgotten"));
        keys.erase(tenant, entity.value(), "admin-1", "asked to be forgotten").block(WAIT);

        // the other process still holds the key and a state from before the erasure: its stream refuses the value
        assertThat(reject(other, new SetValue(member, entity, schema, email, new TextValue("third@example.org"))))
                .isEqualTo(RejectionCode.INVALID_STATE);
        assertThat(storedText()).doesNotContain("third@example.org");
        assertThat(store.readStream(Aggregates.ENTITY.stream(tenant, entity.value()), 1).collectList().block(WAIT))
                .hasSize(3);
    }

    private int keyRows(EntityId entity) throws Exception {
        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "SELECT count(*) FROM subject_key WHERE subject_id = ?")) {
            statement.setObject(1, entity.value());
            ResultSet count = statement.executeQuery();
            count.next();
            return count.getInt(1);
        }
    }

    private Set<UUID> keyIdsInLog(EntityId entity) {
        return store.readStream(Aggregates.ENTITY.stream(tenant, entity.value()), 1).collectList().block(WAIT).stream()
                .flatMap(event -> Sealing.keyIds(event.data()).stream())
                .collect(java.util.stream.Collectors.toSet());
    }

    private CommandBus bus() {
        return new CommandBus(store, EntityFixture.settings(8, 5), CommandObserver.NONE, CommandTracing.NONE,
                IntegrationEvents.NONE, keys);
    }

    private void send(CommandBus bus, EntityCommand command) {
        bus.dispatch(Aggregates.ENTITY, envelope(command)).block(WAIT);
    }

    private RejectionCode reject(CommandBus bus, EntityCommand command) {
        try {
            bus.dispatch(Aggregates.ENTITY, envelope(command)).block(WAIT);
        } catch (Rejection rejection) {
            return rejection.code();
        }
        throw new AssertionError(command + " was accepted");
    }

    private CommandEnvelope<EntityCommand> envelope(EntityCommand command) {
        UUID commandId = UUID.randomUUID();
        return new CommandEnvelope<>(tenant.toString(), tenant, command, EventMetadata.direct(commandId, "member-1"));
    }

    /** Every event's data and every snapshot's state of the tenant, as stored. */
    private String storedText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (var jdbc = database.jdbc()) {
            for (String sql : List.of("SELECT data::text FROM events WHERE tenant_id = ?",
                    "SELECT state::text FROM snapshots WHERE tenant_id = ?")) {
                try (var statement = jdbc.prepareStatement(sql)) {
                    statement.setObject(1, tenant);
                    ResultSet rows = statement.executeQuery();
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private int snapshotCount(EntityId entity) throws Exception {
        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "SELECT count(*) FROM snapshots WHERE tenant_id = ?")) {
            statement.setObject(1, tenant);
            ResultSet count = statement.executeQuery();
            count.next();
            return count.getInt(1);
        }
    }

    private CommandContext context(Role role) {
        return new CommandContext(new TenantId(tenant), new Actor(new UserId(role == Role.ADMIN ? "admin-1" : "member-1"),
                Set.of(role)), false);
    }
}

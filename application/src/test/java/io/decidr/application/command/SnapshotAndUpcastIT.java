package io.decidr.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.aggregates.DomainJson;
import io.decidr.eventstore.codec.EventTypes;
import io.decidr.eventstore.codec.JsonEventCodec;
import io.decidr.eventstore.codec.JsonStateCodec;
import io.decidr.eventstore.codec.Upcaster;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Snapshots are a cache the bus really starts from (plus newer events), and one of another schema version is
 * ignored; events stored in an old layout are upcast on every read and never rewritten.
 */
@Timeout(60)
class SnapshotAndUpcastIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TITLE = 0;
    private static final int NOTE = 1;

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore store;

    private final EntityFixture fixture = new EntityFixture(2);
    private final CommandBusSettings snapshotEveryFive = EntityFixture.settings(8, 5);

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new PostgresEventStore(pool);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void a_snapshot_is_taken_every_five_versions_and_a_fresh_bus_starts_from_it() throws SQLException {
        EntityId entity = entityWithTwelveVersions();
        StreamId stream = fixture.stream(entity);

        StoredSnapshot snapshot = store.loadSnapshot(stream).block(WAIT);
        assertThat(snapshot.version()).isEqualTo(10);
        assertThat(snapshot.schemaVersion()).isEqualTo(EntityState.SCHEMA_VERSION);
        EntityState atTen = Aggregates.ENTITY.states().decode(snapshot).orElseThrow();
        assertThat(atTen).isEqualTo(fold(fixture.recorded(store, entity).subList(0, 10)));
        assertThat(atTen.values().get(fixture.attribute(TITLE))).isEqualTo(new TextValue("title-9"));

        // A state no event produced: only a bus that starts from the snapshot can know it.
        EntityState planted = atTen.withValue(fixture.attribute(NOTE), new TextValue("note-from-snapshot"), false);
        overwriteSnapshot(stream, EntityState.SCHEMA_VERSION, planted);

        Versioned<EntityState> loaded = freshBus().load(Aggregates.ENTITY, fixture.tenant, entity.value()).block(WAIT);
        assertThat(loaded.version()).isEqualTo(12);
        assertThat(loaded.state().values().get(fixture.attribute(NOTE))).isEqualTo(new TextValue("note-from-snapshot"));
        assertThat(loaded.state().values().get(fixture.attribute(TITLE)))
                .as("events after the snapshot are applied on top").isEqualTo(new TextValue("title-11"));

        CommandOutcome<EntityEvent> decided = freshBus().dispatch(Aggregates.ENTITY,
                fixture.envelope(fixture.set(entity, NOTE, "note-1"), UUID.randomUUID())).block(WAIT);
        assertThat(decided.fromVersion()).isEqualTo(12);
        assertThat(decided.events()).singleElement().isInstanceOfSatisfying(ValueSet.class,
                set -> assertThat(set.previous()).isEqualTo(new TextValue("note-from-snapshot")));
    }

    @Test
    void a_snapshot_of_another_schema_version_is_ignored_and_then_replaced() throws SQLException {
        EntityId entity = entityWithTwelveVersions();
        StreamId stream = fixture.stream(entity);
        EntityState atTen = Aggregates.ENTITY.states().decode(store.loadSnapshot(stream).block(WAIT)).orElseThrow();
        // decodable and recognisable: if it were used, the note would show it
        overwriteSnapshot(stream, EntityState.SCHEMA_VERSION + 1,
                atTen.withValue(fixture.attribute(NOTE), new TextValue("note-from-another-version"), false));

        Versioned<EntityState> loaded = freshBus().load(Aggregates.ENTITY, fixture.tenant, entity.value()).block(WAIT);
        assertThat(loaded.version()).isEqualTo(12);
        assertThat(loaded.state()).as("rebuilt from all twelve events").isEqualTo(fold(fixture.recorded(store, entity)));
        assertThat(loaded.state().values().get(fixture.attribute(NOTE))).isEqualTo(new TextValue("note-0"));

        CommandBus bus = freshBus();
        for (int i = 1; i <= 3; i++) {
            CommandOutcome<EntityEvent> outcome = bus.dispatch(Aggregates.ENTITY,
                    fixture.envelope(fixture.set(entity, NOTE, "note-" + i), UUID.randomUUID())).block(WAIT);
            assertThat(outcome.events()).singleElement().isInstanceOf(ValueSet.class);
        }
        StoredSnapshot replaced = store.loadSnapshot(stream).block(WAIT);
        assertThat(replaced.version()).isEqualTo(15);
        assertThat(replaced.schemaVersion()).isEqualTo(EntityState.SCHEMA_VERSION);
        assertThat(Aggregates.ENTITY.states().decode(replaced).orElseThrow())
                .isEqualTo(fold(fixture.recorded(store, entity)));
    }

    @Test
    void an_event_stored_at_version_one_is_read_in_the_version_two_layout_and_stays_as_stored() throws Exception {
        ObjectMapper json = DomainJson.mapper();
        UUID tenant = UUID.randomUUID();
        UUID notebook = UUID.randomUUID();
        StreamId stream = Notes.TYPE.stream(tenant, notebook);
        String storedV1 = "{\"text\": \"hello\", \"by\": \"alice\"}";
        NewEvent v1 = new NewEvent(UUID.randomUUID(), "note.written", 1, storedV1);
        NewEvent v2 = Notes.TYPE.events().encode(UUID.randomUUID(), new Notes.NoteWritten("hi", "bob", "en"));
        assertThat(v2.schemaVersion()).isEqualTo(2);
        store.append(new AppendRequest(tenant.toString(), tenant, stream, 0, List.of(v1, v2),
                EventMetadata.direct(UUID.randomUUID(), "tester"))).block(WAIT);

        List<RecordedEvent> recorded = store.readStream(stream, 1).collectList().block(WAIT);
        assertThat(recorded).extracting(RecordedEvent::schemaVersion).containsExactly(1, 2);
        assertThat(recorded).extracting(Notes.TYPE.events()::decode).containsExactly(
                new Notes.NoteWritten("hello", "alice", "und"),
                new Notes.NoteWritten("hi", "bob", "en"));

        // the bus folds through the same upcasting
        CommandBus bus = new CommandBus(store, CommandBusSettings.DEFAULTS);
        assertThat(bus.load(Notes.TYPE, tenant, notebook).block(WAIT))
                .isEqualTo(new Versioned<>(2, new Notes.State(List.of("alice", "bob"))));
        bus.dispatch(Notes.TYPE, new CommandEnvelope<>(tenant.toString(), tenant,
                new Notes.WriteNote(notebook, "hey", "carol"), EventMetadata.direct(UUID.randomUUID(), "tester"))).block(WAIT);
        assertThat(new CommandBus(store, CommandBusSettings.DEFAULTS).load(Notes.TYPE, tenant, notebook).block(WAIT))
                .isEqualTo(new Versioned<>(3, new Notes.State(List.of("alice", "bob", "carol"))));

        try (Connection c = database.jdbc();
             PreparedStatement s = c.prepareStatement(
                     "SELECT schema_version, data::text FROM events WHERE event_id = ?")) {
            s.setObject(1, v1.eventId());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
                assertThat(json.readTree(r.getString(2))).isEqualTo(json.readTree(storedV1));
            }
        }
    }

    /** Created (title-0, note-0), then titles 1..11: versions 1..12. */
    private EntityId entityWithTwelveVersions() {
        CommandBus bus = new CommandBus(store, snapshotEveryFive);
        EntityId entity = new EntityId(UUID.randomUUID());
        bus.dispatch(Aggregates.ENTITY, fixture.envelope(fixture.create(entity, "title-0", "note-0"), UUID.randomUUID()))
                .block(WAIT);
        for (int i = 1; i <= 11; i++) {
            bus.dispatch(Aggregates.ENTITY, fixture.envelope(fixture.set(entity, TITLE, "title-" + i), UUID.randomUUID()))
                    .block(WAIT);
        }
        assertThat(fixture.recorded(store, entity)).hasSize(12);
        return entity;
    }

    private CommandBus freshBus() {
        return new CommandBus(store, snapshotEveryFive);
    }

    private static EntityState fold(List<RecordedEvent> events) {
        return Aggregates.ENTITY.decider().fold(Aggregates.ENTITY.decider().initialState(),
                events.stream().map(EntityFixture::decode).toList());
    }

    private static void overwriteSnapshot(StreamId stream, int schemaVersion, EntityState state) throws SQLException {
        try (Connection c = database.jdbc(); PreparedStatement s = c.prepareStatement(
                "UPDATE snapshots SET schema_version = ?, state = ?::jsonb WHERE stream_id = ?")) {
            s.setInt(1, schemaVersion);
            s.setString(2, Aggregates.ENTITY.states().encode(state));
            s.setString(3, stream.value());
            assertThat(s.executeUpdate()).as("snapshot rows overwritten").isEqualTo(1);
        }
    }

    /** A test aggregate whose only event type is at layout version 2 and had another layout at version 1. */
    static final class Notes {

        /** v1 was {@code {text, by}}; v2 renamed {@code by} to {@code author} and added {@code language}. */
        record NoteWritten(String text, String author, String language) {
        }

        record State(List<String> authors) {
        }

        record WriteNote(UUID notebook, String text, String author) {
        }

        static final Upcaster V1_TO_V2 = new Upcaster() {
            @Override
            public String eventType() {
                return "note.written";
            }

            @Override
            public int fromVersion() {
                return 1;
            }

            @Override
            public ObjectNode upcast(ObjectNode data) {
                data.set("author", data.remove("by"));
                data.put("language", "und");
                return data;
            }
        };

        static final Decider<WriteNote, State, NoteWritten> DECIDER = new Decider<>() {
            @Override
            public State initialState() {
                return new State(List.of());
            }

            @Override
            public List<NoteWritten> decide(WriteNote command, State state) {
                return List.of(new NoteWritten(command.text(), command.author(), "en"));
            }

            @Override
            public State evolve(State state, NoteWritten event) {
                List<String> authors = new ArrayList<>(state.authors());
                authors.add(event.author());
                return new State(authors);
            }
        };

        static final AggregateType<WriteNote, State, NoteWritten> TYPE = new AggregateType<>(
                "notes",
                DECIDER,
                new JsonEventCodec<>(DomainJson.mapper(),
                        new EventTypes<NoteWritten>().add("note.written", NoteWritten.class, 2), List.of(V1_TO_V2)),
                new JsonStateCodec<>(DomainJson.mapper(), State.class, 1),
                WriteNote::notebook);

        private Notes() {
        }
    }
}

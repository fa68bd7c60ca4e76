package io.decidr.eventstore.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.comment.CommentAdded;
import io.decidr.domain.comment.CommentEvent;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.AppendAnswer;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.WrongExpectedVersionException;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subject keys in PostgreSQL, and personal values sealed in events and snapshots with them. */
class PersonalKeysIT {

    private static final LocalMasterKeys MASTER = new LocalMasterKeys(Map.of("m1", bytes(1), "m2", bytes(2)), "m2");

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresPersonalKeys keys;
    private static PostgresEventStore store;

    private final UUID tenant = UUID.randomUUID();
    private final EntityId entity = new EntityId(UUID.randomUUID());
    private final AttributeId email = new AttributeId(UUID.randomUUID());
    private final AttributeId score = new AttributeId(UUID.randomUUID());

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(2);
        keys = new PostgresPersonalKeys(pool, MASTER, Duration.ZERO);
        store = new PostgresEventStore(pool);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void personal_values_are_sealed_in_events_and_open_with_the_subjects_key() {
        DataKey key = keys.keyFor(tenant, entity.value()).block();
        assertThat(keys.keyFor(tenant, entity.value()).block().id()).isEqualTo(key.id());
        EntityCreated created = new EntityCreated(entity, new CollectionId(UUID.randomUUID()),
                Map.of(email, new TextValue("ada@example.org"), score, new NumberValue(new BigDecimal("7.50"))),
                Set.of(email));
        NewEvent encoded = Aggregates.ENTITY.events().encode(UUID.randomUUID(), created, key);

        assertThat(encoded.data()).doesNotContain("ada@example.org").contains("7.50").contains(Sealing.MARK);
        assertThat(Sealing.keyIds(encoded.data())).containsExactly(key.id());
        KeyRing ring = keys.ring(tenant, Sealing.keyIds(encoded.data())).block();
        assertThat(Aggregates.ENTITY.events().decode(encoded.type(), 1, encoded.data(), ring)).isEqualTo(created);
        // another tenant's ring has no such key: to it the values are erased
        KeyRing foreign = keys.ring(UUID.randomUUID(), Set.of(key.id())).block();
        assertThat(((EntityCreated) Aggregates.ENTITY.events().decode(encoded.type(), 1, encoded.data(), foreign))
                .values().get(email)).isEqualTo(ErasedValue.INSTANCE);
        // events without personal data need no key, and one with it is never written without
        assertThatThrownBy(() -> Aggregates.ENTITY.events().encode(UUID.randomUUID(), created))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Aggregates.ENTITY.events().decode(encoded.type(), 1, encoded.data()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void erasing_leaves_stand_ins_everywhere_the_key_sealed_and_takes_no_new_key() throws Exception {
        DataKey key = keys.keyFor(tenant, entity.value()).block();
        ValueSet set = new ValueSet(entity, email, new TextValue("bea@example.org"), new TextValue("ada@example.org"), true);
        NewEvent event = Aggregates.ENTITY.events().encode(UUID.randomUUID(), set, key);
        EntityState state = Aggregates.ENTITY.decider().fold(Aggregates.ENTITY.decider().initialState(), java.util.List.of(
                new EntityCreated(entity, new CollectionId(UUID.randomUUID()), Map.of(score, new NumberValue(BigDecimal.ONE))),
                set));
        String snapshot = Aggregates.ENTITY.states().encode(state, key);
        assertThat(snapshot).doesNotContain("bea@example.org").contains(Sealing.MARK);

        assertThat(keys.erase(tenant, entity.value(), "max", "asked to be forgotten").block()).isTrue();
        assertThat(keys.erase(tenant, entity.value(), "max", "again").block()).isFalse();

        KeyRing ring = keys.ring(tenant, Set.of(key.id())).block();
        ValueSet erased = (ValueSet) Aggregates.ENTITY.events().decode(event.type(), 1, event.data(), ring);
        assertThat(erased).isEqualTo(new ValueSet(entity, email, ErasedValue.INSTANCE, ErasedValue.INSTANCE, true));
        StreamId stream = StreamId.of("entity", tenant, entity.value());
        EntityState restored = Aggregates.ENTITY.states()
                .decode(new StoredSnapshot(stream, 2, EntityState.SCHEMA_VERSION, snapshot), ring).orElseThrow();
        assertThat(restored.values()).containsEntry(email, ErasedValue.INSTANCE)
                .containsEntry(score, new NumberValue(BigDecimal.ONE));
        assertThatThrownBy(() -> keys.keyFor(tenant, entity.value()).block()).isInstanceOf(SubjectErasedException.class);

        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "SELECT wrapped, erased_by, erase_reason, erased_at FROM subject_key WHERE subject_id = ?")) {
            statement.setObject(1, entity.value());
            ResultSet row = statement.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes("wrapped")).isNull();
            assertThat(row.getString("erased_by")).isEqualTo("max");
            assertThat(row.getString("erase_reason")).isEqualTo("asked to be forgotten");
            assertThat(row.getTimestamp("erased_at")).isNotNull();
        }
    }

    @Test
    void a_subject_erased_before_it_had_a_key_never_gets_one() {
        CommentId comment = new CommentId(UUID.randomUUID());
        assertThat(keys.erase(tenant, comment.value(), "max", "before any body").block()).isTrue();
        assertThatThrownBy(() -> keys.keyFor(tenant, comment.value()).block()).isInstanceOf(SubjectErasedException.class);
        // nor through the log: an append bringing a new key for it writes nothing
        NewKey made = keys.newKey(tenant, comment.value()).block();
        StreamId stream = StreamId.of("comment", tenant, comment.value());
        assertThatThrownBy(() -> store.append(appendWith(stream, made)).block())
                .isInstanceOf(SubjectHasKeyException.class);
        assertThat(store.readStream(stream, 1).collectList().block()).isEmpty();
        assertThat(rowsOf(comment.value())).isEqualTo(1);
    }

    @Test
    void a_new_subjects_key_is_stored_by_the_append_that_first_seals_with_it() {
        NewKey made = keys.newKey(tenant, entity.value()).block();
        assertThat(rowsOf(entity.value())).isZero();
        AppendRequest first = appendWith(StreamId.of("entity", tenant, entity.value()), made);
        store.append(first).block();
        assertThat(keys.keyFor(tenant, entity.value()).block()).isEqualTo(made.key());
        assertThat(keys.ring(tenant, Set.of(made.key().id())).block().find(made.key().id()))
                .isEqualTo(new KeyRing.Found(made.key()));
        // the command repeated: the first answer, and no second key
        assertThat(store.append(first).block().duplicate()).isTrue();
        // another stream bringing a key for the same subject writes nothing, alone or with others in one statement
        StreamId other = StreamId.of("entity", tenant, UUID.randomUUID());
        assertThatThrownBy(() -> store.append(appendWith(other, keys.newKey(tenant, entity.value()).block())).block())
                .isInstanceOf(SubjectHasKeyException.class);
        UUID fresh = UUID.randomUUID();
        NewKey freshKey = keys.newKey(tenant, fresh).block();
        List<AppendAnswer> answers = store.appendAll(List.of(
                appendWith(other, keys.newKey(tenant, entity.value()).block()),
                appendWith(StreamId.of("entity", tenant, fresh), freshKey))).block();
        assertThat(answers.get(0).failure()).isInstanceOf(SubjectHasKeyException.class);
        assertThat(answers.get(1).result().toVersion()).isEqualTo(1);
        assertThat(store.readStream(other, 1).collectList().block()).isEmpty();
        assertThat(rowsOf(entity.value())).isEqualTo(1);
        assertThat(keys.keyFor(tenant, fresh).block()).isEqualTo(freshKey.key());
        // two requests of one statement with a key for one subject: the statement fails, each is appended alone
        UUID shared = UUID.randomUUID();
        answers = store.appendAll(List.of(
                appendWith(StreamId.of("entity", tenant, shared), keys.newKey(tenant, shared).block()),
                appendWith(StreamId.of("entity", tenant, UUID.randomUUID()), keys.newKey(tenant, shared).block())))
                .block();
        assertThat(answers.get(0).failure()).isNull();
        assertThat(answers.get(1).failure()).isInstanceOf(SubjectHasKeyException.class);
        assertThat(rowsOf(shared)).isEqualTo(1);
    }

    @Test
    void a_key_whose_append_lost_to_another_writer_is_not_stored() {
        StreamId stream = StreamId.of("entity", tenant, entity.value());
        store.append(appendWith(stream, null)).block();
        assertThatThrownBy(() -> store.append(appendWith(stream, keys.newKey(tenant, entity.value()).block())).block())
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(rowsOf(entity.value())).isZero();
    }

    @Test
    void while_the_key_table_cannot_be_written_appends_bringing_keys_fail_alone_and_others_go_on() throws Exception {
        NewKey made = keys.newKey(tenant, entity.value()).block();
        StreamId keyed = StreamId.of("entity", tenant, entity.value());
        StreamId plain = StreamId.of("entity", tenant, UUID.randomUUID());
        try (var jdbc = database.jdbc(); var statement = jdbc.createStatement()) {
            statement.execute("ALTER TABLE subject_key RENAME TO subject_key_away");
        }
        try {
            assertThatThrownBy(() -> store.append(appendWith(keyed, made)).block())
                    .isInstanceOf(PersonalDataUnavailableException.class);
            List<AppendAnswer> answers = store.appendAll(List.of(appendWith(keyed, made), appendWith(plain, null))).block();
            assertThat(answers.get(0).failure()).isInstanceOf(PersonalDataUnavailableException.class);
            assertThat(answers.get(1).result().toVersion()).isEqualTo(1);
        } finally {
            try (var jdbc = database.jdbc(); var statement = jdbc.createStatement()) {
                statement.execute("ALTER TABLE subject_key_away RENAME TO subject_key");
            }
        }
        assertThat(store.readStream(keyed, 1).collectList().block()).isEmpty();
        store.append(appendWith(keyed, made)).block();
        assertThat(keys.keyFor(tenant, entity.value()).block()).isEqualTo(made.key());
    }

    @Test
    void an_erasure_in_another_process_reaches_reads_within_the_cache_time_while_sealing_and_projecting_keep_the_key()
            throws Exception {
        AtomicLong clock = new AtomicLong();
        PostgresPersonalKeys here = new PostgresPersonalKeys(pool, MASTER, Duration.ofMillis(200), clock::get);
        PostgresPersonalKeys elsewhere = new PostgresPersonalKeys(pool, MASTER, Duration.ZERO);
        DataKey key = here.keyFor(tenant, entity.value()).block();
        assertThat(elsewhere.erase(tenant, entity.value(), "max", "asked elsewhere").block()).isTrue();
        // still kept for reads within the cache time
        assertThat(here.ring(tenant, Set.of(key.id())).block().find(key.id())).isEqualTo(new KeyRing.Found(key));
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        // reads ask the store again after the cache time: erased, and then forgotten for every use
        assertThat(here.ring(tenant, Set.of(key.id())).block().find(key.id())).isEqualTo(KeyRing.Erased.ERASED);
        assertThat(here.ringInLogOrder(tenant, Set.of(key.id())).block().find(key.id())).isEqualTo(KeyRing.Erased.ERASED);
        assertThatThrownBy(() -> here.keyFor(tenant, entity.value()).block()).isInstanceOf(SubjectErasedException.class);
        // sealing and projecting may still use the kept key: the erased stream refuses new values, and projectors
        // meet the erasure's event after the values it erases
        PostgresPersonalKeys kept = new PostgresPersonalKeys(pool, MASTER, Duration.ofMillis(200), clock::get);
        EntityId other = new EntityId(UUID.randomUUID());
        DataKey otherKey = kept.keyFor(tenant, other.value()).block();
        elsewhere.erase(tenant, other.value(), "max", "asked elsewhere").block();
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        assertThat(kept.keyFor(tenant, other.value()).block()).isEqualTo(otherKey);
        assertThat(kept.ringInLogOrder(tenant, Set.of(otherKey.id())).block().find(otherKey.id()))
                .isEqualTo(new KeyRing.Found(otherKey));
        // this process's own erasure forgets it at once, for every use
        kept.erase(tenant, other.value(), "max", "asked here").block();
        assertThatThrownBy(() -> kept.keyFor(tenant, other.value()).block()).isInstanceOf(SubjectErasedException.class);
        assertThat(kept.ringInLogOrder(tenant, Set.of(otherKey.id())).block().find(otherKey.id()))
                .isEqualTo(KeyRing.Erased.ERASED);
    }

    /** A stream's first event (not personal: what the key seals does not matter here), bringing {@code key}. */
    private AppendRequest appendWith(StreamId stream, NewKey key) {
        NewEvent event = new NewEvent(UUID.randomUUID(), "test.happened", 1, "{}");
        return new AppendRequest("scope", tenant, stream, 0, List.of(event),
                EventMetadata.direct(UUID.randomUUID(), "tester"), key == null ? List.of() : List.of(key));
    }

    private int rowsOf(UUID subject) {
        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "SELECT count(*) FROM subject_key WHERE subject_id = ?")) {
            statement.setObject(1, subject);
            ResultSet row = statement.executeQuery();
            assertThat(row.next()).isTrue();
            return row.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void comment_bodies_are_personal_and_read_as_null_once_erased() {
        CommentId comment = new CommentId(UUID.randomUUID());
        DataKey key = keys.keyFor(tenant, comment.value()).block();
        CommentAdded added = new CommentAdded(comment, entity, new UserId("ann"), "call me on 0123");
        NewEvent event = Aggregates.COMMENT.events().encode(UUID.randomUUID(), added, key);
        assertThat(event.data()).doesNotContain("0123");
        CommentEvent opened = Aggregates.COMMENT.events().decode(event.type(), 1, event.data(),
                keys.ring(tenant, Set.of(key.id())).block());
        assertThat(opened).isEqualTo(added);

        keys.erase(tenant, comment.value(), "max", "asked").block();
        CommentEvent erased = Aggregates.COMMENT.events().decode(event.type(), 1, event.data(),
                keys.ring(tenant, Set.of(key.id())).block());
        assertThat(erased).isEqualTo(new CommentAdded(comment, entity, new UserId("ann"), null));
    }

    @Test
    void a_key_store_that_cannot_be_read_answers_unavailable_and_a_ring_for_it_throws_on_decode() {
        DataKey key = keys.keyFor(tenant, entity.value()).block();
        NewEvent event = Aggregates.ENTITY.events().encode(UUID.randomUUID(),
                new ValueSet(entity, email, new TextValue("x@example.org"), null, true), key);
        // a server that is not there: nothing listens on the port
        PostgresPersonalKeys down = new PostgresPersonalKeys(
                database.via("127.0.0.1", freePort()).connectionFactory(), MASTER, Duration.ZERO);
        assertThatThrownBy(() -> down.ring(tenant, Set.of(key.id())).block())
                .isInstanceOf(PersonalDataUnavailableException.class);
        assertThatThrownBy(() -> Aggregates.ENTITY.events().decode(event.type(), 1, event.data(), KeyRing.UNREADABLE))
                .isInstanceOf(PersonalDataUnavailableException.class);
    }

    @Test
    void a_master_key_rotation_keeps_older_keys_readable_and_a_moved_key_does_not_unwrap() throws Exception {
        LocalMasterKeys old = new LocalMasterKeys(Map.of("m1", bytes(1)), "m1");
        UUID subject = UUID.randomUUID();
        DataKey key = new PostgresPersonalKeys(pool, old, Duration.ZERO).keyFor(tenant, subject).block();
        // read with the rotated configuration (m2 active, m1 still configured)
        assertThat(keys.ring(tenant, Set.of(key.id())).block().find(key.id()))
                .isEqualTo(new KeyRing.Found(key)).isNotNull();
        try (var jdbc = database.jdbc(); var statement = jdbc.prepareStatement(
                "UPDATE subject_key SET subject_id = ? WHERE key_id = ?")) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, key.id());
            statement.executeUpdate();
        }
        assertThatThrownBy(() -> new PostgresPersonalKeys(pool, MASTER, Duration.ZERO).ring(tenant, Set.of(key.id())).block())
                .hasMessageContaining("altered or moved");
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}

package io.decidr.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresEventStoreIT {

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore store;

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

    private static StreamId newStream() {
        return StreamId.of("test", UUID.randomUUID(), UUID.randomUUID());
    }

    private static NewEvent event(String type, String json) {
        return new NewEvent(UUID.randomUUID(), type, 1, json);
    }

    private static AppendRequest request(StreamId stream, long expected, UUID commandId, NewEvent... events) {
        return new AppendRequest("scope", UUID.randomUUID(), stream, expected, List.of(events),
                EventMetadata.direct(commandId, "tester"));
    }

    @Test
    void appends_and_reads_a_stream_in_version_order() {
        StreamId stream = newStream();
        AppendResult first = store.append(request(stream, 0, UUID.randomUUID(),
                event("thing.created", "{\"n\":1}"), event("thing.changed", "{\"n\":2}"))).block();
        AppendResult second = store.append(request(stream, 2, UUID.randomUUID(), event("thing.changed", "{\"n\":3}"))).block();

        assertThat(first).isEqualTo(new AppendResult(stream, 0, 2, false, first.last()));
        assertThat(second).isEqualTo(new AppendResult(stream, 2, 3, false, second.last()));
        assertThat(first.last()).isNotNull().isLessThan(second.last());
        List<RecordedEvent> events = store.readStream(stream, 1).collectList().block();
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1).checkpoint()).isEqualTo(first.last());
        assertThat(events.get(2).checkpoint()).isEqualTo(second.last());
        assertThat(events).extracting(RecordedEvent::type).containsExactly("thing.created", "thing.changed", "thing.changed");
        assertThat(events.get(2).data()).isEqualTo("{\"n\": 3}");
        assertThat(events.get(0).metadata()).contains("\"actor\": \"tester\"");
        assertThat(store.readStream(stream, 3).collectList().block()).hasSize(1);
    }

    @Test
    void a_stale_expected_version_is_a_typed_conflict_and_writes_nothing() {
        StreamId stream = newStream();
        store.append(request(stream, 0, UUID.randomUUID(), event("thing.created", "{}"))).block();

        assertThatThrownBy(() -> store.append(request(stream, 0, UUID.randomUUID(), event("thing.created", "{}"))).block())
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThatThrownBy(() -> store.append(request(stream, 5, UUID.randomUUID(), event("thing.changed", "{}"))).block())
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store.readStream(stream, 1).collectList().block()).hasSize(1);
    }

    @Test
    void a_repeated_command_id_returns_the_first_outcome_and_writes_nothing() {
        StreamId stream = newStream();
        UUID commandId = UUID.randomUUID();
        AppendResult first = store.append(request(stream, 0, commandId, event("thing.created", "{}"))).block();
        AppendResult again = store.append(request(stream, 0, commandId, event("thing.created", "{}"))).block();
        AppendResult laterVersion = store.append(request(stream, 1, commandId, event("thing.changed", "{}"))).block();

        assertThat(first.duplicate()).isFalse();
        assertThat(again).isEqualTo(new AppendResult(stream, 0, 1, true));
        assertThat(laterVersion).isEqualTo(new AppendResult(stream, 0, 1, true));
        assertThat(store.readStream(stream, 1).collectList().block()).hasSize(1);
    }

    @Test
    void readAll_returns_committed_events_in_commit_safe_order_after_a_checkpoint() {
        StreamId a = newStream();
        StreamId b = newStream();
        store.append(request(a, 0, UUID.randomUUID(), event("thing.created", "{}"))).block();
        store.append(request(b, 0, UUID.randomUUID(), event("thing.created", "{}"), event("thing.changed", "{}"))).block();

        List<RecordedEvent> all = store.readAll(Checkpoint.START, 1_000).block();
        List<RecordedEvent> ours = all.stream().filter(e -> e.stream().equals(a) || e.stream().equals(b)).toList();
        assertThat(ours).extracting(RecordedEvent::stream).containsExactly(a, b, b);
        assertThat(all).isSortedAccordingTo((x, y) -> x.checkpoint().compareTo(y.checkpoint()));

        Checkpoint afterFirst = ours.get(0).checkpoint();
        assertThat(store.readAll(afterFirst, 1_000).block())
                .filteredOn(e -> e.stream().equals(a) || e.stream().equals(b))
                .extracting(RecordedEvent::stream).containsExactly(b, b);
    }

    @Test
    void the_log_refuses_updates_and_deletes() throws SQLException {
        StreamId stream = newStream();
        store.append(request(stream, 0, UUID.randomUUID(), event("thing.created", "{}"))).block();
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE events SET event_type = 'x'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM events"))
                    .hasMessageContaining("append-only");
        }
        assertThat(store.readStream(stream, 1).collectList().block()).extracting(RecordedEvent::type)
                .containsExactly("thing.created");
    }

    @Test
    void snapshots_keep_the_newest_version() {
        StreamId stream = newStream();
        UUID tenant = UUID.randomUUID();
        store.saveSnapshot(tenant, new StoredSnapshot(stream, 10, 1, "{\"v\":10}")).block();
        store.saveSnapshot(tenant, new StoredSnapshot(stream, 5, 1, "{\"v\":5}")).block();
        assertThat(store.loadSnapshot(stream).block()).isEqualTo(new StoredSnapshot(stream, 10, 1, "{\"v\": 10}"));
        store.saveSnapshot(tenant, new StoredSnapshot(stream, 20, 2, "{\"v\":20}")).block();
        assertThat(store.loadSnapshot(stream).block().version()).isEqualTo(20);
    }
}

package io.decidr.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox: an append writes each published event's integration message into Eventuate Tram's message table, in
 * Tram's row format, in the same statement: rolled back with it, refused with it, and failing it whole when the
 * message table cannot be written. (Connection cuts mid-append: ConnectionCutIT in the application module.)
 */
class OutboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private record Row(String id, String destination, Map<String, String> headers, String payload, int published,
            Integer partition, long creationTime) {
    }

    @Test
    void an_append_writes_one_message_per_published_event_in_trams_format() throws Exception {
        UUID aggregate = UUID.randomUUID();
        StreamId stream = StreamId.of("entity", UUID.randomUUID(), aggregate);
        NewEvent created = published("entity.created", aggregate, "entity.created.v1", "{\"n\":1}");
        NewEvent internal = new NewEvent(UUID.randomUUID(), "entity.backlink-added", 1, "{}");
        NewEvent archived = published("entity.archived", aggregate, "entity.archived.v1", "{\"n\":2}");
        long before = System.currentTimeMillis();

        AppendResult result = store.append(request(stream, 0, created, internal, archived)).block();

        List<RecordedEvent> events = store.readStream(stream, 1).collectList().block();
        List<Row> rows = messagesOf(aggregate);
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(Row::id).containsExactly(
                messageId(events.get(0)), messageId(events.get(2)));
        Row first = rows.getFirst();
        assertThat(first.destination()).isEqualTo("decidr.entity");
        assertThat(first.payload()).isEqualTo("{\"n\":1}");
        assertThat(first.published()).isZero();
        assertThat(first.partition()).isNull();
        assertThat(first.creationTime()).isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
        assertThat(first.headers()).containsOnlyKeys("ID", "DESTINATION", "PARTITION_ID", "DATE",
                "event-aggregate-type", "event-aggregate-id", "event-type");
        assertThat(first.headers()).containsEntry("ID", first.id())
                .containsEntry("DESTINATION", "decidr.entity")
                .containsEntry("PARTITION_ID", aggregate.toString())
                .containsEntry("event-aggregate-type", "decidr.entity")
                .containsEntry("event-aggregate-id", aggregate.toString())
                .containsEntry("event-type", "entity.created.v1");
        // Tram's producers stamp RFC 1123 dates (HttpDateHeaderFormatUtil)
        ZonedDateTime date = ZonedDateTime.parse(first.headers().get("DATE"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(date.toInstant().toEpochMilli()).isBetween(before - 2_000, System.currentTimeMillis() + 1_000);
        assertThat(rows.get(1).headers()).containsEntry("event-type", "entity.archived.v1");
        assertThat(result.last().position()).isEqualTo(events.get(2).checkpoint().position());
    }

    @Test
    void append_all_writes_the_messages_of_the_requests_it_appends_and_none_of_those_it_refuses() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        StreamId streamA = StreamId.of("entity", UUID.randomUUID(), a);
        StreamId streamB = StreamId.of("entity", UUID.randomUUID(), b);
        store.append(request(streamB, 0, published("entity.created", b, "entity.created.v1", "{}"))).block();

        List<AppendAnswer> answers = store.appendAll(List.of(
                request(streamA, 0, published("entity.created", a, "entity.created.v1", "{}"),
                        published("entity.value-set", a, "entity.value-set.v1", "{}")),
                request(streamB, 0, published("entity.created", b, "entity.created.v1", "{\"again\":true}")))).block();

        assertThat(answers.get(0).failure()).isNull();
        assertThat(answers.get(1).failure()).isInstanceOf(WrongExpectedVersionException.class);
        List<RecordedEvent> eventsA = store.readStream(streamA, 1).collectList().block();
        assertThat(messagesOf(a)).extracting(Row::id).containsExactly(messageId(eventsA.get(0)), messageId(eventsA.get(1)));
        assertThat(messagesOf(a)).extracting(row -> row.headers().get("event-type"))
                .containsExactly("entity.created.v1", "entity.value-set.v1");
        assertThat(messagesOf(b)).as("the refused request's message").extracting(Row::payload).containsExactly("{}");
    }

    @Test
    void a_rolled_back_append_leaves_neither_events_nor_messages() throws Exception {
        UUID aggregate = UUID.randomUUID();
        StreamId stream = StreamId.of("entity", UUID.randomUUID(), aggregate);
        AppendRequest request = request(stream, 0, published("entity.created", aggregate, "entity.created.v1", "{}"));

        Flux.usingWhen(pool.create(),
                c -> Mono.from(c.beginTransaction())
                        .then(store.append(c, request))
                        .then(Mono.defer(() -> Mono.from(c.rollbackTransaction()))),
                Connection::close).blockLast();

        assertThat(store.readStream(stream, 1).collectList().block()).isEmpty();
        assertThat(messagesOf(aggregate)).isEmpty();
        // and the same command appends whole afterwards
        store.append(request).block();
        assertThat(messagesOf(aggregate)).hasSize(1);
    }

    @Test
    void when_the_message_table_cannot_be_written_the_append_fails_whole() throws Exception {
        UUID aggregate = UUID.randomUUID();
        StreamId stream = StreamId.of("entity", UUID.randomUUID(), aggregate);
        AppendRequest request = request(stream, 0, published("entity.created", aggregate, "entity.created.v1", "{}"),
                published("entity.value-set", aggregate, "entity.value-set.v1", "{}"));
        try (java.sql.Connection admin = database.jdbc(); Statement s = admin.createStatement()) {
            // the outage: every write to the message table fails as a full disk would
            s.execute("""
                    CREATE FUNCTION outbox_outage() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$
                    """);
            s.execute("CREATE TRIGGER outbox_outage BEFORE INSERT ON eventuate.message "
                    + "FOR EACH ROW EXECUTE FUNCTION outbox_outage()");
            try {
                assertThatThrownBy(() -> store.append(request).block())
                        .as("an outage is not a version conflict")
                        .isNotInstanceOf(WrongExpectedVersionException.class)
                        .hasMessageContaining("could not extend file");
                assertThat(store.readStream(stream, 1).collectList().block()).as("events").isEmpty();
                assertThat(store.findCommand("scope", request.metadata().commandId()).block()).as("command").isNull();
                assertThat(messagesOf(aggregate)).isEmpty();
            } finally {
                s.execute("DROP TRIGGER outbox_outage ON eventuate.message");
                s.execute("DROP FUNCTION outbox_outage()");
            }
        }
        AppendResult again = store.append(request).block();
        assertThat(again.duplicate()).isFalse();
        assertThat(messagesOf(aggregate)).hasSize(2);
    }

    private static NewEvent published(String type, UUID aggregate, String eventType, String payload) {
        return new NewEvent(UUID.randomUUID(), type, 1, "{}")
                .publishing(new Publication("decidr.entity", aggregate.toString(), eventType, payload));
    }

    private static AppendRequest request(StreamId stream, long expected, NewEvent... events) {
        return new AppendRequest("scope", UUID.randomUUID(), stream, expected, List.of(events),
                EventMetadata.direct(UUID.randomUUID(), "tester"));
    }

    private static String messageId(RecordedEvent event) {
        return "%016x-%s".formatted(event.checkpoint().position(), event.eventId());
    }

    private static List<Row> messagesOf(UUID aggregate) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (java.sql.Connection c = database.jdbc(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT id, destination, headers, payload, published, message_partition, creation_time
                     FROM eventuate.message WHERE headers::jsonb ->> 'PARTITION_ID' = '%s' ORDER BY id
                     """.formatted(aggregate))) {
            while (r.next()) {
                Map<String, String> headers = readHeaders(r.getString("headers"));
                rows.add(new Row(r.getString("id"), r.getString("destination"), headers, r.getString("payload"),
                        r.getInt("published"), (Integer) r.getObject("message_partition"), r.getLong("creation_time")));
            }
        }
        return rows;
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.decidr.cassandra.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.runtime.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraParkedEventStoreIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant PARKED_AT = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final UUID TENANT = UUID.fromString("7d1b5a36-0d7e-4bb4-9c4e-1a8f0f5c2b10");
    private static CqlSession session;
    private static CassandraParkedEventStore store;

    @BeforeAll
    static void migratedKeyspace() {
        session = TestCassandra.newKeyspace().openSession();
        ProjectionRuntimeSchema.create(session);
        store = CassandraParkedEventStore.prepare(session).block(WAIT);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void listsAProjectorsParkedEventsPerStreamInVersionOrder() {
        StreamId first = stream("00000000-0000-0000-0000-000000000001");
        StreamId second = stream("00000000-0000-0000-0000-000000000002");
        ParkedEvent secondV3 = parked("listing", second, 3);
        ParkedEvent firstV10 = parked("listing", first, 10);
        ParkedEvent firstV2 = parked("listing", first, 2);
        ParkedEvent elsewhere = parked("other-projector", first, 1);
        for (ParkedEvent event : List.of(secondV3, firstV10, firstV2, elsewhere)) {
            store.park(event).block(WAIT);
        }

        assertThat(store.list("listing").collectList().block(WAIT)).containsExactly(firstV2, firstV10, secondV3);
        assertThat(store.list("other-projector").collectList().block(WAIT)).containsExactly(elsewhere);
        assertThat(store.list("nothing-parked").collectList().block(WAIT)).isEmpty();
    }

    @Test
    void parkingAgainReplacesTheEarlierRecord() {
        StreamId stream = stream("00000000-0000-0000-0000-000000000003");
        ParkedEvent first = parked("reparking", stream, 4);
        store.park(first).block(WAIT);
        ParkedEvent again = new ParkedEvent(first.projector(), first.checkpoint(), stream, 4, first.eventId(),
                first.type(), "IllegalStateException: still broken", 4, PARKED_AT.plusSeconds(60));

        store.park(again).block(WAIT);

        assertThat(store.list("reparking").collectList().block(WAIT)).containsExactly(again);
    }

    @Test
    void removesOneEventByItsIdAndLeavesTheOthers() {
        StreamId stream = stream("00000000-0000-0000-0000-000000000004");
        StreamId neighbour = stream("00000000-0000-0000-0000-000000000005");
        ParkedEvent v1 = parked("removing", stream, 1);
        ParkedEvent v2 = parked("removing", stream, 2);
        ParkedEvent other = parked("removing", neighbour, 1);
        for (ParkedEvent event : List.of(v1, v2, other)) {
            store.park(event).block(WAIT);
        }

        store.remove("removing", stream, v1.eventId()).block(WAIT);
        assertThat(store.list("removing").collectList().block(WAIT)).containsExactly(v2, other);

        // already gone, another stream's id, an unknown id: nothing happens
        store.remove("removing", stream, v1.eventId()).block(WAIT);
        store.remove("removing", stream, other.eventId()).block(WAIT);
        store.remove("removing", stream, UUID.randomUUID()).block(WAIT);
        assertThat(store.list("removing").collectList().block(WAIT)).containsExactly(v2, other);
    }

    @Test
    void keepsTheWholeCheckpointAndTheParkingTimeToTheMillisecond() {
        StreamId stream = stream("00000000-0000-0000-0000-000000000006");
        ParkedEvent event = new ParkedEvent("precision", new Checkpoint(Long.MAX_VALUE, 1L << 40), stream,
                Long.MAX_VALUE, UUID.randomUUID(), "EntityCreated", "", 0, PARKED_AT.plusNanos(456_789));

        store.park(event).block(WAIT);

        assertThat(store.list("precision").blockFirst(WAIT))
                .isEqualTo(new ParkedEvent("precision", event.checkpoint(), stream, Long.MAX_VALUE, event.eventId(),
                        "EntityCreated", "", 0, PARKED_AT));
    }

    private static StreamId stream(String entity) {
        return StreamId.of("entity", TENANT, UUID.fromString(entity));
    }

    private static ParkedEvent parked(String projector, StreamId stream, long version) {
        return new ParkedEvent(projector, new Checkpoint(1000 + version, 5000 + version), stream, version,
                UUID.randomUUID(), "ValueSet", "IllegalArgumentException: attribute " + version + " unknown", 3,
                PARKED_AT);
    }
}

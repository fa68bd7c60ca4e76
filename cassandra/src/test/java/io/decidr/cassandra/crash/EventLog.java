package io.decidr.cassandra.crash;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Looks at the whole event log of a test database, once no more appends are running. */
final class EventLog {

    private static final int PAGE = 2_000;

    private EventLog() {
    }

    /** The place of the last committed event in {@code $all} order. */
    static Checkpoint head(TestPostgres.Database database) {
        try (Connection connection = database.jdbc(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        // order by the xid8 itself, not by its text
                        "SELECT tx::text AS tx_text, global_position FROM events ORDER BY tx DESC, global_position DESC LIMIT 1")) {
            if (!rows.next()) {
                return Checkpoint.START;
            }
            return new Checkpoint(Long.parseUnsignedLong(rows.getString("tx_text")), rows.getLong("global_position"));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the head of the event log", e);
        }
    }

    /** Every event, in {@code $all} order. */
    static List<RecordedEvent> all(PostgresEventStore store) {
        List<RecordedEvent> events = new ArrayList<>();
        Checkpoint after = Checkpoint.START;
        while (true) {
            List<RecordedEvent> page = store.readAll(after, PAGE).block(Duration.ofSeconds(30));
            if (page == null || page.isEmpty()) {
                return events;
            }
            events.addAll(page);
            after = page.getLast().checkpoint();
        }
    }

    /** How many events of each type. */
    static SortedMap<String, Integer> types(List<RecordedEvent> events) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        events.forEach(event -> counts.merge(event.type(), 1, Integer::sum));
        return counts;
    }
}

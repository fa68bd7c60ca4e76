package io.decidr.workflows.crash;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every event of the log in commit-safe {@code $all} order, read again from where it stopped at each {@link #poll()}:
 * what the worker processes have done so far, seen from outside them.
 */
final class EventTail {

    private static final int PAGE = 1_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final PostgresEventStore store;
    private final List<RecordedEvent> events = new ArrayList<>();
    private Checkpoint after = Checkpoint.START;

    EventTail(PostgresEventStore store) {
        this.store = store;
    }

    /** Reads what was committed since the last poll. */
    EventTail poll() {
        for (List<RecordedEvent> page = read(); !page.isEmpty(); page = read()) {
            events.addAll(page);
            after = page.getLast().checkpoint();
        }
        return this;
    }

    /** The events read so far, in {@code $all} order. */
    List<RecordedEvent> events() {
        return List.copyOf(events);
    }

    /** How many of the events read so far match. */
    long count(Predicate<RecordedEvent> matching) {
        return events.stream().filter(matching).count();
    }

    private List<RecordedEvent> read() {
        return store.readAll(after, PAGE).block(READ_TIMEOUT);
    }
}

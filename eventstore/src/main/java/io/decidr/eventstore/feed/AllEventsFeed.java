package io.decidr.eventstore.feed;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows {@code $all} from a checkpoint, in commit-safe order, for as long as it is subscribed.
 *
 * <p>Each element is a non-empty batch. After catching up it waits for a notification of new commits; while
 * a later transaction's events are held back by an older open transaction (which may roll back, and then
 * sends no notification) it looks again after {@code blockedRetry}. {@code idleRecheck} bounds the wait in
 * case a notification was lost, and is not what makes the feed fast.
 */
public final class AllEventsFeed {

    private final PostgresEventStore store;
    private final EventNotifications notifications;
    private final Duration blockedRetry;
    private final Duration idleRecheck;

    public AllEventsFeed(
            PostgresEventStore store, EventNotifications notifications, Duration blockedRetry, Duration idleRecheck) {
        this.store = Objects.requireNonNull(store, "store");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.blockedRetry = blockedRetry;
        this.idleRecheck = idleRecheck;
    }

    public AllEventsFeed(PostgresEventStore store, EventNotifications notifications) {
        this(store, notifications, Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    /** Batches of at most {@code batchSize} events after {@code from}, endless. */
    public Flux<List<RecordedEvent>> follow(Checkpoint from, int batchSize) {
        return Flux.defer(() -> {
            AtomicReference<Checkpoint> position = new AtomicReference<>(from);
            return Mono.defer(() -> {
                        long seen = notifications.generation();
                        return store.readAll(position.get(), batchSize).flatMap(batch -> {
                            if (!batch.isEmpty()) {
                                position.set(batch.getLast().checkpoint());
                                return Mono.just(batch);
                            }
                            return store.hasUncommittedEvents()
                                    .flatMap(blocked -> notifications.awaitChange(seen, blocked ? blockedRetry : idleRecheck))
                                    .then(Mono.<List<RecordedEvent>>empty());
                        });
                    })
                    .repeat();
        });
    }
}

package io.decidr.eventstore.feed;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Followers of one feed share their reads. Every projector of a process follows {@code $all} from about the
 * same place and wakes on the same notification, so one statement answers all of them:
 * <ul>
 *   <li>a batch read from a checkpoint is served to any follower that asks from that checkpoint later, since a
 *       commit-safe read never changes what it returned: a later read only appends to it (transactions that
 *       commit afterwards have ids above every one it returned);</li>
 *   <li>a look that found nothing is served only to followers that noted the notification generation no later than
 *       the look did (it saw every commit they know of), and never twice to the same follower, so the blocked retry
 *       and the idle re-check always look again.</li>
 * </ul>
 */
public final class AllEventsFeed {

    /** Looks kept for followers that come later; a batch is at most a projector's batch size of events. */
    private static final int SHARED_LOOKS = 16;

    private final PostgresEventStore store;
    private final EventNotifications notifications;
    private final Duration blockedRetry;
    private final Duration idleRecheck;
    private final AtomicLong reads = new AtomicLong();
    private final Map<Key, Look> looks = new LinkedHashMap<>(SHARED_LOOKS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Look> eldest) {
            return size() > SHARED_LOOKS;
        }
    };

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
            AtomicReference<Look> lastEmpty = new AtomicReference<>();
            return Mono.defer(() -> {
                        long seen = notifications.generation();
                        return look(new Key(position.get(), batchSize), seen, lastEmpty.get()).flatMap(found -> {
                            List<RecordedEvent> batch = found.batch();
                            if (!batch.isEmpty()) {
                                position.set(batch.getLast().checkpoint());
                                return Mono.just(batch);
                            }
                            lastEmpty.set(found.look());
                            // the look saw every commit up to its own generation, which is at least ours
                            return notifications.awaitChange(found.generation(), found.blocked() ? blockedRetry : idleRecheck)
                                    .then(Mono.<List<RecordedEvent>>empty());
                        });
                    })
                    .repeat();
        });
    }

    /** How many times this feed has read {@code $all} for its followers, all of them together. */
    public long reads() {
        return reads.get();
    }

    private Mono<Found> look(Key key, long seen, Look consumed) {
        synchronized (looks) {
            Look shared = looks.get(key);
            if (shared != null && shared.serves(seen, consumed)) {
                return shared.result();
            }
            Look fresh = new Look(key, notifications.generation());
            reads.incrementAndGet();
            looks.put(key, fresh);
            return fresh.result();
        }
    }

    private void forget(Look look) {
        synchronized (looks) {
            looks.remove(look.key(), look);
        }
    }

    private record Key(Checkpoint after, int limit) {
    }

    /** What one look found: a batch, or nothing and whether an open transaction holds events back. */
    private record Found(Look look, List<RecordedEvent> batch, boolean blocked, long generation) {
    }

    /** One read of {@code $all} from a checkpoint, started at a notification generation, shared while it is useful. */
    private final class Look {

        private final Key key;
        private final long generation;
        private final Mono<Found> result;
        private volatile Found found;

        Look(Key key, long generation) {
            this.key = key;
            this.generation = generation;
            this.result = store.readAll(key.after(), key.limit())
                    .flatMap(batch -> batch.isEmpty()
                            ? store.hasUncommittedEvents().map(blocked -> new Found(this, batch, blocked, generation))
                            : Mono.just(new Found(this, batch, false, generation)))
                    .doOnNext(done -> found = done)
                    .doOnError(failure -> forget(this))
                    .cache();
        }

        Key key() {
            return key;
        }

        Mono<Found> result() {
            return result;
        }

        boolean serves(long seen, Look consumed) {
            Found done = found;
            if (done != null && !done.batch().isEmpty()) {
                return true;
            }
            return generation >= seen && this != consumed;
        }
    }
}

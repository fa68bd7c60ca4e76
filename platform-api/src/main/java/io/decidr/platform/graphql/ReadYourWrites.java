package io.decidr.platform.graphql;

import io.decidr.application.handlers.Written;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.feed.PositionNotice;
import io.decidr.eventstore.feed.StreamChange;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.projections.runtime.CheckpointStore;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code consistency: STRONG}: a mutation answers only once every projector has applied its events, so a query
 * right after it sees the change. Projectors running in this process are awaited directly; for those running elsewhere
 * (another process holds their lease), the checkpoints they announce as they store them. Past the bound the
 * mutation fails with CONSISTENCY_TIMEOUT, its write committed.
 */
@Component
public class ReadYourWrites {

    /** The GraphQL {@code Consistency}. */
    public enum Consistency { EVENTUAL, STRONG }

    private final ProjectorRole projectors;
    private final CheckpointStore checkpoints;
    private final EventLog log;
    private final EventNotifications notifications;
    private final Duration timeout;

    public ReadYourWrites(ProjectorRole projectors, CheckpointStore checkpoints, EventLog log,
            EventNotifications notifications,
            @Value("${decidr.graphql.strong-consistency-timeout:5s}") Duration timeout) {
        this.projectors = projectors;
        this.checkpoints = checkpoints;
        this.log = log;
        this.notifications = notifications;
        this.timeout = timeout;
    }

    /**
     * How every mutation writes: runs its command (a command that fails to start, e.g. on bad input, is an error of the
     * answer, not of the caller) and answers what it wrote, for STRONG once the read models show it.
     */
    public <T extends Written> Mono<T> write(Consistency consistency, Supplier<Mono<T>> command) {
        return Mono.defer(command)
                .flatMap(written -> after(consistency, written.stream(), written.version(), written.last(), written));
    }

    /**
     * {@code answer} once the read models show the write that reached {@code version} of {@code stream}
     * ({@code last} when the write itself knows where its last event stands), or at once for EVENTUAL.
     */
    public <T> Mono<T> after(Consistency consistency, StreamId stream, long version, Checkpoint last, T answer) {
        if (consistency != Consistency.STRONG || version == 0) {
            return Mono.just(answer);
        }
        Mono<Checkpoint> target = last != null ? Mono.just(last) : log.checkpointOf(stream, version);
        return target.flatMap(this::reached)
                .defaultIfEmpty(true)
                .flatMap(reached -> reached ? Mono.just(answer) : Mono.error(new ConsistencyTimeout(stream, version, timeout)));
    }

    private Mono<Boolean> reached(Checkpoint target) {
        return Flux.fromIterable(projectors.projectors())
                .flatMap(p -> p.runsHere() ? p.awaitPosition(target, timeout) : stored(p.checkpointName(), target))
                .all(Boolean::booleanValue);
    }

    /**
     * Whether the projector running in another process stores a checkpoint at {@code target} or beyond within the
     * bound: as its announcements say ({@link EventNotifications#positions()}), with the stored one read once at first
     * and again whenever the announcements' connection was lost (some may have been missed meanwhile).
     */
    private Mono<Boolean> stored(String projector, Checkpoint target) {
        return Flux.merge(
                        notifications.positions().filter(notice -> notice.reader().equals(projector)).map(PositionNotice::checkpoint),
                        // the first state is replayed (the one now); each later Listening is a reconnection
                        notifications.streamChanges().filter(change -> !(change instanceof StreamChange.Changed)).skip(1)
                                .ofType(StreamChange.Listening.class)
                                .concatMap(reconnected -> checkpoints.load(projector)),
                        Mono.defer(() -> checkpoints.load(projector)))
                .filter(at -> at.compareTo(target) >= 0)
                .next()
                .map(at -> true)
                .timeout(timeout, Mono.just(false));
    }

    /** The write is committed, but the read models did not show it within the bound. */
    public static final class ConsistencyTimeout extends RuntimeException {

        private final long version;

        ConsistencyTimeout(StreamId stream, long version, Duration timeout) {
            super("the change is committed (version " + version + ") but the read models did not show it within "
                    + timeout.toMillis() + " ms; queries will show it shortly", null, false, false);
            this.version = version;
        }

        public long version() {
            return version;
        }
    }
}

package io.decidr.eventstore.feed;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Listens on one dedicated connection for the {@code decidr_events} notification that every committed
 * append sends, and turns it into a generation counter readers can wait on; and for {@code decidr_streams}, which
 * names each tenant or collection stream an append changed, so that caches of those can drop them
 * ({@link #streamChanges()}); and for {@code decidr_positions}, where projectors announce their stored checkpoints
 * ({@link #positions()}); and for the requests to whichever process runs a projector and their answers
 * ({@link #projectorRequests()}, {@link #projectorReplies()}).
 *
 * <p>A reader notes {@link #generation()} before it reads; after an empty read it waits with
 * {@link #awaitChange(long, Duration)}, which returns at once if anything was committed since it noted the
 * generation. When the listening connection drops, it reconnects and bumps the generation, since
 * notifications may have been missed meanwhile.
 */
public final class EventNotifications implements AutoCloseable {

    public static final String CHANNEL = "decidr_events";
    /** The channel of the V3 trigger: the payload is the stream id of a tenant or collection that changed. */
    public static final String STREAMS_CHANNEL = "decidr_streams";
    /** Where readers of {@code $all} announce their stored positions ({@link PositionAnnouncer}). */
    public static final String POSITIONS_CHANNEL = "decidr_positions";
    /** Requests for whichever process runs a projector (an operator's retry or skip of parked events). */
    public static final String PROJECTOR_REQUESTS_CHANNEL = "decidr_projector_requests";
    /** The answers to those requests, each naming its request. */
    public static final String PROJECTOR_REPLIES_CHANNEL = "decidr_projector_replies";

    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);

    private final AtomicLong generation = new AtomicLong();
    private final Sinks.Many<Long> changes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<StreamChange> streams = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<PositionNotice> positions = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<String> projectorRequests = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<String> projectorReplies = Sinks.many().multicast().directBestEffort();
    /** Whether changes are announced now (the latest of Listening and Lost), replayed to each new follower. */
    private final Sinks.Many<StreamChange> listeningState = Sinks.many().replay().latest();
    private final Disposable listening;

    public EventNotifications(PostgresqlConnectionFactory connections) {
        this.listening = Mono.usingWhen(connections.create(), this::listen, PostgresqlConnection::close)
                .then(Mono.<Void>error(new IllegalStateException("notification stream ended")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50))
                        .maxBackoff(Duration.ofSeconds(2))
                        .doBeforeRetry(signal -> {
                            log.warn("event notifications lost their connection; reconnecting: {}", signal.failure().toString());
                            listeningState.tryEmitNext(new StreamChange.Lost());
                            bump();
                        }))
                .subscribe();
    }

    private Mono<Void> listen(PostgresqlConnection connection) {
        return connection.createStatement("LISTEN " + CHANNEL + "; LISTEN " + STREAMS_CHANNEL
                        + "; LISTEN " + POSITIONS_CHANNEL + "; LISTEN " + PROJECTOR_REQUESTS_CHANNEL
                        + "; LISTEN " + PROJECTOR_REPLIES_CHANNEL).execute()
                .flatMap(result -> result.getRowsUpdated())
                .then(Mono.fromRunnable(() -> {
                    bump();
                    listeningState.tryEmitNext(new StreamChange.Listening());
                }))
                .thenMany(connection.getNotifications())
                .doOnNext(notification -> {
                    if (POSITIONS_CHANNEL.equals(notification.getName())) {
                        offer(notification.getParameter());
                    } else if (PROJECTOR_REQUESTS_CHANNEL.equals(notification.getName())) {
                        projectorRequests.tryEmitNext(notification.getParameter());
                    } else if (PROJECTOR_REPLIES_CHANNEL.equals(notification.getName())) {
                        projectorReplies.tryEmitNext(notification.getParameter());
                    } else if (STREAMS_CHANNEL.equals(notification.getName())) {
                        streams.tryEmitNext(new StreamChange.Changed(new io.decidr.eventstore.StreamId(notification.getParameter())));
                    } else {
                        bump();
                    }
                })
                .then();
    }

    private void offer(String payload) {
        try {
            positions.tryEmitNext(PositionNotice.parse(payload));
        } catch (RuntimeException malformed) {
            log.warn("ignored a malformed position notice: {}", payload);
        }
    }

    private void bump() {
        changes.tryEmitNext(generation.incrementAndGet());
    }

    /** Increases whenever events may have been committed. */
    public long generation() {
        return generation.get();
    }

    /**
     * Changes of tenant and collection streams as they commit, from now on. A follower first learns whether changes
     * are announced now ({@link StreamChange.Listening}, or {@link StreamChange.Lost} while the listening connection is
     * down), then each loss and each (re)connection as it happens: after a {@code Listening} whatever changed before
     * it may have been missed. Subscribers must keep up (the stream is not buffered for them): a cache's invalidation
     * does.
     */
    public Flux<StreamChange> streamChanges() {
        // the changes first, then the state: a change committed in between is never missed by a follower told Listening
        return Flux.merge(streams.asFlux(), listeningState.asFlux());
    }

    /**
     * Positions readers of {@code $all} announce as they store them, from now on (best effort: a follower that does not
     * keep up misses some; after a {@link StreamChange.Listening} of {@link #streamChanges()} some may have been missed,
     * so read the stored position again then).
     */
    public Flux<PositionNotice> positions() {
        return positions.asFlux();
    }

    /** Requests sent to the process that runs a projector ({@link Notices}), from now on; best effort. */
    public Flux<String> projectorRequests() {
        return projectorRequests.asFlux();
    }

    /** Answers to those requests, from now on; best effort. */
    public Flux<String> projectorReplies() {
        return projectorReplies.asFlux();
    }

    /**
     * Completes when the generation differs from {@code seen} (at once if it already does), or after
     * {@code atMost}, whichever comes first.
     */
    public Mono<Void> awaitChange(long seen, Duration atMost) {
        // Subscribe to changes before looking at the counter, so a bump in between is never missed.
        return Flux.merge(changes.asFlux(), Mono.fromSupplier(generation::get))
                .filter(g -> g != seen)
                .next()
                .timeout(atMost, Mono.empty())
                .then();
    }

    @Override
    public void close() {
        listening.dispose();
        changes.tryEmitComplete();
        streams.tryEmitComplete();
        positions.tryEmitComplete();
    }
}

package io.decidr.projections.runtime;

import io.decidr.domain.failure.FailureNotice;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.feed.AllEventsFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Runs one {@link Projection}: follows {@code $all} from its checkpoint in commit-safe order, applies each
 * batch (a stream's events in order, different streams concurrently), then stores the checkpoint, at most once per
 * {@link ProjectorSettings#checkpointEvery()} (a batch within that time leaves its position to be stored when the
 * time is up: every projector of a process wakes on every commit, and a checkpoint per batch of one event each was
 * a read-model write per projector per commit).
 *
 * <ul>
 *   <li>Killed anywhere, it resumes from the last stored checkpoint; the projection's idempotence makes
 *       the re-applied tail harmless.</li>
 *   <li>An event that fails every attempt is parked, and so is every later event of its stream until an
 *       operator retries or skips it; other streams go on. The parked event shows a {@link FailureNotice}
 *       ({@link ParkedEvent#FAILED}, an incident id), never the exception: that is logged (ERROR) under the
 *       incident id, because tenants' operators read parked events.</li>
 *   <li>A failure of the read-model store itself ({@link ProjectorSettings#transientFailure()}) parks
 *       nothing: the loop restarts from the checkpoint, backing off until the store answers again.</li>
 *   <li>Given a {@link CheckpointStore#fencedBy fenced} store, it stops for good once another runner claimed its
 *       checkpoint ({@link FencedOut}): it lost its lease.</li>
 * </ul>
 *
 * <p>About 290 lines: the follow loop, parking and the checkpoint's throttle all run in the projector's one gate,
 * and each guarantee above is a statement about their order.
 */
public final class Projector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final long LAG_COUNT_CAP = 1_000_000;
    private static final String HELD_BEHIND = FailureNotice.of(ParkedEvent.HELD,
            "held behind an earlier parked event of the same stream").text();

    private final Projection projection;
    private final EventLog events;
    private final AllEventsFeed feed;
    private final CheckpointStore checkpoints;
    private final ParkedEventStore parked;
    private final ProjectorSettings settings;
    private final Clock clock;

    private final SerialGate gate = new SerialGate();
    private final Set<StreamId> blocked = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Checkpoint> position = new AtomicReference<>(Checkpoint.START);
    private final Sinks.Many<Checkpoint> progress = Sinks.many().replay().latest();
    private final Sinks.Many<List<RecordedEvent>> applied = Sinks.many().multicast().directBestEffort();
    private volatile Disposable running;
    /** A position applied but not stored yet; stored when {@code checkpointEvery} has passed since the last store. */
    private final AtomicReference<Checkpoint> unstored = new AtomicReference<>();
    private volatile long storedAt;
    private volatile Disposable storing;

    public Projector(Projection projection, EventLog events, AllEventsFeed feed, CheckpointStore checkpoints,
            ParkedEventStore parked, ProjectorSettings settings, Clock clock) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.events = Objects.requireNonNull(events, "events");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.parked = Objects.requireNonNull(parked, "parked");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storedAt = System.nanoTime() - settings.checkpointEvery().toNanos();
    }

    public String name() {
        return projection.name();
    }

    /** Starts following {@code $all}; returns at once. */
    public synchronized void start() {
        if (running == null || running.isDisposed()) {
            running = loop().subscribe();
        }
    }

    /** Stops after the batch in hand; the checkpoint stays where it was last stored. */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.dispose();
        }
        if (storing != null) {
            storing.dispose();
        }
    }

    /** The last event applied. */
    public Checkpoint position() {
        return position.get();
    }

    /**
     * Each batch once it is applied and its checkpoint stored: the read model holds these events now. Hot, and
     * best effort: a subscriber that cannot keep up misses batches rather than slowing the projector down.
     */
    public Flux<List<RecordedEvent>> applied() {
        return applied.asFlux();
    }

    /** The last event applied, then each newer one as batches complete (its checkpoint stored). */
    public Flux<Checkpoint> progress() {
        return progress.asFlux();
    }

    /** Completes once every event up to {@code target} is applied (or parked), or with {@code false} after {@code timeout}. */
    public Mono<Boolean> awaitPosition(Checkpoint target, Duration timeout) {
        return reaches(progress.asFlux(), target, timeout);
    }

    /** Whether {@code progress} reaches {@code target} within {@code timeout}. */
    static Mono<Boolean> reaches(Flux<Checkpoint> progress, Checkpoint target, Duration timeout) {
        return progress
                .filter(reached -> reached.compareTo(target) >= 0)
                .next()
                .map(reached -> true)
                .timeout(timeout, Mono.just(false));
    }

    private Mono<Void> loop() {
        return Mono.defer(() -> {
                    blocked.clear();
                    return parked.list(name()).doOnNext(event -> blocked.add(event.stream())).then(checkpoints.load(name()));
                })
                .doOnNext(this::advance)
                .flatMapMany(from -> feed.follow(from, settings.batchSize()))
                .concatMap(batch -> gate.run(() -> applyBatch(batch)
                        .then(store(batch.getLast().checkpoint()))
                        .doOnSuccess(saved -> {
                            advance(batch.getLast().checkpoint());
                            applied.tryEmitNext(batch);
                        })))
                .then()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5))
                        .filter(failure -> !(failure instanceof FencedOut))
                        .doBeforeRetry(signal -> log.warn("projector {} restarts from its checkpoint after: {}",
                                name(), signal.failure().toString())))
                .onErrorResume(FencedOut.class, fenced -> {
                    log.warn("projector {} stops: {}", name(), fenced.getMessage());
                    return Mono.empty();
                });
    }

    /** Stores the checkpoint now, or once {@code checkpointEvery} has passed since the last store. Runs in the gate. */
    private Mono<Void> store(Checkpoint reached) {
        long now = System.nanoTime();
        long every = settings.checkpointEvery().toNanos();
        if (now - storedAt >= every) {
            unstored.set(null);
            return checkpoints.save(name(), reached).doOnSuccess(stored -> storedAt = now);
        }
        if (unstored.getAndSet(reached) == null) {
            storing = Mono.delay(Duration.ofNanos(every - (now - storedAt)))
                    .then(gate.run(this::storeLatest))
                    .subscribe(null, failure -> log.warn("projector {} could not store its checkpoint (the next batch will): {}",
                            name(), failure.toString()));
        }
        return Mono.empty();
    }

    private Mono<Void> storeLatest() {
        Checkpoint latest = unstored.getAndSet(null);
        if (latest == null) {
            return Mono.empty();
        }
        long now = System.nanoTime();
        return checkpoints.save(name(), latest).doOnSuccess(stored -> storedAt = now);
    }

    private void advance(Checkpoint checkpoint) {
        position.set(checkpoint);
        progress.tryEmitNext(checkpoint);
    }

    private Mono<Void> applyBatch(List<RecordedEvent> batch) {
        Map<StreamId, List<RecordedEvent>> byStream = new LinkedHashMap<>();
        for (RecordedEvent event : batch) {
            byStream.computeIfAbsent(event.stream(), s -> new ArrayList<>()).add(event);
        }
        return projection.forBatch(batch)
                .onErrorResume(failure -> {
                    log.debug("projector {} applies a batch event by event: {}", name(), failure.toString());
                    return Mono.just(projection);
                })
                .flatMap(bound -> Flux.fromIterable(byStream.values())
                        .flatMap(stream -> Flux.fromIterable(stream).concatMap(event -> applyOrPark(bound, event)),
                                settings.parallelism())
                        .then());
    }

    private Mono<Void> applyOrPark(Projection bound, RecordedEvent event) {
        if (blocked.contains(event.stream())) {
            return park(event, HELD_BEHIND, 0);
        }
        return Mono.defer(() -> bound.apply(event))
                .retryWhen(Retry.backoff(settings.attempts() - 1, settings.retryBackoff())
                        .filter(failure -> !settings.transientFailure().test(failure)))
                .onErrorResume(Exceptions::isRetryExhausted, exhausted -> {
                    blocked.add(event.stream());
                    return park(event, failed(event, exhausted.getCause()), settings.attempts());
                });
    }

    private Mono<Void> park(RecordedEvent event, String error, int attempts) {
        log.warn("projector {} parks {} v{} ({}): {}", name(), event.stream(), event.streamVersion(), event.type(), error);
        return parked.park(new ParkedEvent(name(), event.checkpoint(), event.stream(), event.streamVersion(),
                event.eventId(), event.type(), error, attempts, clock.instant()));
    }

    /** Logs the failure in full under a new incident id, and answers what the parked event shows of it. */
    private String failed(RecordedEvent event, Throwable failure) {
        UUID incident = UUID.randomUUID();
        log.error("projector {} could not apply {} v{} ({}, event {}); incident {}", name(), event.stream(),
                event.streamVersion(), event.type(), event.eventId(), incident, failure);
        return FailureNotice.of(ParkedEvent.FAILED, "the projector could not apply this event", incident).text();
    }

    /** The projector's parked events. */
    public Flux<ParkedEvent> parkedEvents() {
        return parked.list(name());
    }

    /**
     * Applies the stream's parked events again, in order, and stops at the first that still fails (it stays
     * parked with the new error). Runs between batches, never during one.
     *
     * @return how many were applied
     */
    public Mono<Integer> retry(StreamId stream) {
        return gate.run(() -> parkedOf(stream).concatMap(parkedEvent -> events.readStream(stream, parkedEvent.streamVersion(), 1)
                                .flatMapIterable(found -> found)
                                .concatMap(event -> Mono.defer(() -> projection.apply(event))
                                        .then(parked.remove(name(), stream, event.eventId()))
                                        .thenReturn(1)
                                        .onErrorResume(failure -> park(event, failed(event, failure), parkedEvent.attempts() + 1)
                                                .then(Mono.error(new StopRetry())))))
                        .onErrorResume(StopRetry.class, stop -> Mono.empty())
                        .count()
                        .flatMap(applied -> unblockIfClear(stream).thenReturn(applied.intValue())));
    }

    /** Drops one parked event without applying it; the stream's later parked events stay parked. */
    public Mono<Boolean> skip(StreamId stream, UUID eventId) {
        return gate.run(() -> parkedOf(stream)
                .filter(event -> event.eventId().equals(eventId))
                .next()
                .flatMap(event -> parked.remove(name(), stream, eventId).then(unblockIfClear(stream)).thenReturn(true))
                .defaultIfEmpty(false));
    }

    private Flux<ParkedEvent> parkedOf(StreamId stream) {
        return parked.list(name())
                .filter(event -> event.stream().equals(stream))
                .sort(Comparator.comparingLong(ParkedEvent::streamVersion));
    }

    private Mono<Void> unblockIfClear(StreamId stream) {
        return parkedOf(stream).hasElements().doOnNext(any -> {
            if (!any) {
                blocked.remove(stream);
            }
        }).then();
    }

    /** Lag and state, measured now. */
    public Mono<ProjectorStatus> status() {
        Checkpoint at = position.get();
        return Mono.zip(events.countAfter(at, LAG_COUNT_CAP),
                        events.oldestAfter(at).map(oldest -> Duration.between(oldest, clock.instant()))
                                .defaultIfEmpty(Duration.ZERO),
                        parked.list(name()).count())
                .map(t -> new ProjectorStatus(name(), running != null && !running.isDisposed(), at, t.getT1(),
                        t.getT2().isNegative() ? Duration.ZERO : t.getT2(), t.getT3()));
    }

    private static final class StopRetry extends RuntimeException {
        StopRetry() {
            super(null, null, false, false);
        }
    }
}

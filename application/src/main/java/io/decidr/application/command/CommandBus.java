package io.decidr.application.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.decidr.application.command.CommandObserver.Outcome;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.AppendResult;
import io.decidr.eventstore.EventStore;
import io.decidr.eventstore.GroupCommit;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.Publication;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.WrongExpectedVersionException;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.feed.StreamChange;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.NewKey;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.SubjectErasedException;
import io.decidr.eventstore.personal.SubjectHasKeyException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs any decider: load the aggregate (cache, else snapshot plus newer events), decide, append with the
 * version it was decided on.
 *
 * <ul>
 *   <li>Commands to one aggregate run one at a time in this process, so they never conflict with each other.</li>
 *   <li>A conflict with another writer (another process) reloads and decides again, up to
 *       {@link CommandBusSettings#maxAttempts()}; then the command is rejected with VERSION_CONFLICT.</li>
 *   <li>A command id seen before returns its first outcome and writes nothing.</li>
 *   <li>A cached state may be stale when other processes write the same aggregate: an append from it fails
 *       on the version check, and a rejection decided on it is checked again against fresh state.</li>
 *   <li>A command that creates its aggregate is decided on the initial state without reading the stream (it cannot
 *       exist unless this command ran before, which the append answers as a duplicate).</li>
 *   <li>Appends of concurrent commands share statements and commits ({@link GroupCommit}), each with its own version
 *       check and idempotency.</li>
 *   <li>Look-ups of other aggregates ({@link #current}) are served from the cache while change notifications are
 *       followed ({@link #follow}) and for at most {@link CommandBusSettings#lookupTrust()}; otherwise they read the
 *       stream's newer events first, as {@link #load} does.</li>
 * </ul>
 *
 * <p>About 330 lines, one class: the guarantees above rest on one locking discipline (per-aggregate order, the cache
 * and the group commit's answers), which reads best in one place.
 */
public final class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    private final EventStore store;
    private final CommandBusSettings settings;
    private final CommandObserver observer;
    private final CommandTracing tracing;
    private final IntegrationEvents published;
    private final PersonalKeys keys;
    private final StreamLocks locks = new StreamLocks();
    private final Cache<StreamId, Versioned<?>> cache;
    /** Streams whose cached state was read or written lately, while changes are followed: {@link #current} trusts them. */
    private final Cache<StreamId, Boolean> verified;
    private final GroupCommit appends;
    /** True while a change feed is followed and connected. */
    private volatile boolean following;
    /**
     * Counts announced changes: a state read or written while one arrived is cached but not trusted, since the
     * change may have come after the read and been dropped before the state was cached.
     */
    private final AtomicLong changes = new AtomicLong();

    public CommandBus(EventStore store, CommandBusSettings settings) {
        this(store, settings, CommandObserver.NONE);
    }

    /** @param observer told how each command ended, for metrics */
    public CommandBus(EventStore store, CommandBusSettings settings, CommandObserver observer) {
        this(store, settings, observer, CommandTracing.NONE);
    }

    /**
     * @param observer told how each command ended, for metrics
     * @param tracing  runs each command in a span of the caller's trace, and stamps the trace on its events' metadata
     */
    public CommandBus(EventStore store, CommandBusSettings settings, CommandObserver observer, CommandTracing tracing) {
        this(store, settings, observer, tracing, IntegrationEvents.NONE);
    }

    /**
     * @param observer  told how each command ended, for metrics
     * @param tracing   runs each command in a span of the caller's trace, and stamps the trace on its events' metadata
     * @param published the integration messages events publish, written to the outbox with them
     */
    public CommandBus(EventStore store, CommandBusSettings settings, CommandObserver observer, CommandTracing tracing,
            IntegrationEvents published) {
        this(store, settings, observer, tracing, published, PersonalKeys.NONE);
    }

    /**
     * @param observer  told how each command ended, for metrics
     * @param tracing   runs each command in a span of the caller's trace, and stamps the trace on its events' metadata
     * @param published the integration messages events publish, written to the outbox with them
     * @param keys      the data subjects' keys: personal values are sealed with them in events and snapshots
     */
    public CommandBus(EventStore store, CommandBusSettings settings, CommandObserver observer, CommandTracing tracing,
            IntegrationEvents published, PersonalKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.published = Objects.requireNonNull(published, "published");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.cache = Caffeine.newBuilder().maximumSize(settings.cachedAggregates()).build();
        this.verified = Caffeine.newBuilder().maximumSize(settings.cachedAggregates())
                .expireAfterWrite(settings.lookupTrust()).build();
        this.appends = new GroupCommit(store, settings.appendsInFlight(), settings.appendBatch());
    }

    /**
     * Follows announced changes (see {@link io.decidr.eventstore.feed.EventNotifications#streamChanges()}): while
     * connected, {@link #current} may serve cached states of announced streams, and each change drops its stream.
     * A lost connection stops the trust, and a (re)connection drops every trusted state, since changes may have been
     * missed before it.
     */
    public Disposable follow(Flux<StreamChange> announced) {
        return announced
                .doFinally(signal -> {
                    following = false;
                    verified.invalidateAll();
                })
                .subscribe(change -> {
                    switch (change) {
                        case StreamChange.Listening listening -> {
                            changes.incrementAndGet();
                            verified.invalidateAll();
                            following = true;
                        }
                        case StreamChange.Lost lost -> {
                            // changes may now commit unannounced: nothing is trusted until listening again
                            following = false;
                            changes.incrementAndGet();
                            verified.invalidateAll();
                        }
                        case StreamChange.Changed changed -> {
                            changes.incrementAndGet();
                            verified.invalidate(changed.stream());
                            cache.invalidate(changed.stream());
                        }
                    }
                }, error -> log.warn("stopped following stream changes: {}", error.toString()));
    }

    /** Whether {@link #current} would answer for the stream from the cache now. */
    public boolean isTrusted(StreamId stream) {
        return following && cache.getIfPresent(stream) != null && verified.getIfPresent(stream) != null;
    }

    /**
     * The cached state however old, else the state read from the log: for what never changes once the aggregate
     * exists (an entity's collection).
     */
    public <C, S, E> Mono<Versioned<S>> cachedOrLoaded(AggregateType<C, S, E> type, UUID tenant, UUID aggregate) {
        Versioned<S> cached = cached(type.stream(tenant, aggregate));
        return cached != null && cached.version() > 0 ? Mono.just(cached) : load(type, tenant, aggregate);
    }

    /**
     * The aggregate's state for a look-up by another command (its tenant, its collection): the cached state when it
     * is trusted (changes are followed, and it was verified within {@link CommandBusSettings#lookupTrust()}),
     * otherwise as {@link #load} reads it. A state used this way may be older than a commit made elsewhere a moment
     * ago, never older than the last announced change that reached this process.
     */
    public <C, S, E> Mono<Versioned<S>> current(AggregateType<C, S, E> type, UUID tenant, UUID aggregate) {
        StreamId stream = type.stream(tenant, aggregate);
        Versioned<S> cached = cached(stream);
        if (cached != null && following && verified.getIfPresent(stream) != null) {
            return Mono.just(cached);
        }
        return load(type, tenant, aggregate);
    }

    /** Decides the command against the aggregate's current state and appends the resulting events. */
    public <C, S, E> Mono<CommandOutcome<E>> dispatch(AggregateType<C, S, E> type, CommandEnvelope<C> envelope) {
        StreamId stream = type.stream(envelope.tenant(), type.aggregateId().apply(envelope.command()));
        return tracing.traced(type.category(), envelope.tenant(), envelope.metadata(), metadata -> Mono.defer(() -> {
            long started = System.nanoTime();
            CommandEnvelope<C> traced = metadata == envelope.metadata() ? envelope
                    : new CommandEnvelope<>(envelope.scope(), envelope.tenant(), envelope.command(), metadata);
            return locks.serialize(stream, () -> attempt(type, traced, stream, 1))
                    .doOnSuccess(outcome -> observer.handled(type.category(), outcome == null ? Outcome.FAILED
                            : outcome.duplicate() ? Outcome.DUPLICATE
                            : outcome.events().isEmpty() ? Outcome.UNCHANGED
                            : Outcome.WRITTEN, System.nanoTime() - started))
                    .doOnError(error -> observer.handled(type.category(), outcomeOf(error), System.nanoTime() - started));
        }));
    }

    private static Outcome outcomeOf(Throwable error) {
        if (error instanceof Rejection rejection) {
            return rejection.code() == RejectionCode.VERSION_CONFLICT ? Outcome.CONFLICT : Outcome.REJECTED;
        }
        return Outcome.FAILED;
    }

    /** The events decoded, their personal values opened with the tenant's keys (erased ones as stand-ins). */
    public <C, S, E> Mono<List<E>> decoded(AggregateType<C, S, E> type, UUID tenant, List<RecordedEvent> events) {
        return ring(tenant, events).map(ring -> events.stream().map(event -> type.events().decode(event, ring)).toList());
    }

    /** The keys the events' sealed values need. */
    private Mono<KeyRing> ring(UUID tenant, List<RecordedEvent> events) {
        Set<UUID> keyIds = new HashSet<>();
        for (RecordedEvent event : events) {
            keyIds.addAll(Sealing.keyIds(event.data()));
        }
        return keys.ring(tenant, keyIds);
    }

    /** The data subjects' keys it seals personal values with. */
    public PersonalKeys keys() {
        return keys;
    }

    /** The event store it appends to. */
    public EventStore store() {
        return store;
    }

    /** The aggregate's current state, read through to the store (the cached state caught up with newer events). */
    public <C, S, E> Mono<Versioned<S>> load(AggregateType<C, S, E> type, UUID tenant, UUID aggregate) {
        StreamId stream = type.stream(tenant, aggregate);
        return Mono.defer(() -> {
            long seen = changes.get();
            Versioned<S> cached = cached(stream);
            return (cached != null ? catchUp(type, tenant, stream, cached) : loadFromStore(type, tenant, stream))
                    .doOnNext(loaded -> remember(stream, loaded, seen));
        });
    }

    private <C, S, E> Mono<CommandOutcome<E>> attempt(
            AggregateType<C, S, E> type, CommandEnvelope<C> envelope, StreamId stream, int attempt) {
        Versioned<S> cached = cached(stream);
        // a creating command's stream cannot exist yet (unless the command ran before: the append tells)
        boolean assumedNew = cached == null && attempt == 1 && type.creates().test(envelope.command());
        Versioned<S> assumed = assumedNew ? new Versioned<>(0, type.decider().initialState()) : cached;
        Mono<Versioned<S>> current = assumed != null ? Mono.just(assumed) : loadFromStore(type, envelope.tenant(), stream);
        return current
                .flatMap(state -> decideAndAppend(type, envelope, stream, state)
                        .onErrorResume(Rejection.class, rejection -> assumed == null
                                ? Mono.error(rejection)
                                // decided on a cached or assumed state: it may be stale, so decide once more on fresh state
                                : catchUp(type, envelope.tenant(), stream, state)
                                        .flatMap(fresh -> decideAndAppend(type, envelope, stream, fresh))))
                .onErrorResume(Rejection.class, rejection -> this.<E>earlierOutcome(envelope, stream)
                        .switchIfEmpty(Mono.error(rejection)))
                .onErrorResume(WrongExpectedVersionException.class, conflict -> {
                    forget(stream);
                    observer.conflicted(type.category());
                    if (attempt >= settings.maxAttempts()) {
                        return Mono.error(Rejection.versionConflict(
                                "the aggregate kept changing under concurrent writers; try again"));
                    }
                    if (assumedNew) {
                        // the stream existed after all: read it and decide again at once (no writer to wait for)
                        return attempt(type, envelope, stream, attempt + 1);
                    }
                    // the pause grows with each lost attempt: the writer that just won keeps its cache warm and
                    // would otherwise win again and again (seen: 1 in 8 commands starved across 4 processes)
                    long ceiling = settings.retryBackoff().toMillis() << Math.min(attempt - 1, 6);
                    long pauseMillis = ThreadLocalRandom.current().nextLong(ceiling + 1);
                    return Mono.delay(Duration.ofMillis(pauseMillis)).then(attempt(type, envelope, stream, attempt + 1));
                })
                .doOnError(error -> {
                    if (!(error instanceof Rejection)) {
                        // the append's outcome is unknown (e.g. connection lost): never trust the cache after it
                        forget(stream);
                    }
                });
    }

    private <C, S, E> Mono<CommandOutcome<E>> decideAndAppend(
            AggregateType<C, S, E> type, CommandEnvelope<C> envelope, StreamId stream, Versioned<S> current) {
        List<E> events = type.decider().decide(envelope.command(), current.state());
        return sealingKeys(type, envelope.tenant(), events, current.version() == 0)
                .flatMap(sealWith -> append(type, envelope, stream, current, events, sealWith))
                // a subject of the new stream had a key (or an erasure) after all: seal with what it has
                .onErrorResume(SubjectHasKeyException.class, taken -> sealingKeys(type, envelope.tenant(), events, false)
                        .flatMap(sealWith -> append(type, envelope, stream, current, events, sealWith)));
    }

    /**
     * The keys of the subjects whose personal data the events hold (none, mostly: then no look-up at all). A new
     * stream's subjects (the entity, comment or job it creates) have no key yet: one is made for each without a look,
     * and the append stores it with the events (see {@link PersonalKeys#newKey}).
     */
    private <C, S, E> Mono<SealWith> sealingKeys(
            AggregateType<C, S, E> type, UUID tenant, List<E> events, boolean newStream) {
        Set<UUID> subjects = null;
        Personal[] parts = null;
        for (int i = 0; i < events.size(); i++) {
            Personal personal = type.events().personalOf(events.get(i));
            if (personal != null) {
                if (subjects == null) {
                    subjects = new HashSet<>();
                    parts = new Personal[events.size()];
                }
                subjects.add(personal.subject());
                parts[i] = personal;
            }
        }
        if (subjects == null) {
            return Mono.just(SealWith.NOTHING);
        }
        Set<UUID> of = subjects;
        List<Personal> personal = Arrays.asList(parts);
        return Mono.defer(() -> {
            Map<UUID, DataKey> found = new HashMap<>();
            List<NewKey> made = new ArrayList<>();
            return Flux.fromIterable(of)
                    .concatMap(subject -> (newStream
                            ? keys.newKey(tenant, subject).doOnNext(made::add).map(NewKey::key)
                                    .switchIfEmpty(Mono.defer(() -> keys.keyFor(tenant, subject)))
                            : keys.keyFor(tenant, subject))
                            .doOnNext(key -> found.put(subject, key)))
                    .then(Mono.fromSupplier(() -> new SealWith(personal, found, made)));
        }).onErrorMap(SubjectErasedException.class, erased -> Rejection.invalidState(erased.getMessage()));
    }

    /**
     * Each event's personal parts (null: none), their subjects' keys to seal with, and those of the keys made for this
     * append (stored with its events).
     */
    private record SealWith(List<Personal> parts, Map<UUID, DataKey> keys, List<NewKey> made) {
        static final SealWith NOTHING = new SealWith(List.of(), Map.of(), List.of());

        Personal partsOf(int event) {
            return parts.isEmpty() ? null : parts.get(event);
        }
    }

    private <C, S, E> Mono<CommandOutcome<E>> append(AggregateType<C, S, E> type, CommandEnvelope<C> envelope,
            StreamId stream, Versioned<S> current, List<E> events, SealWith sealWith) {
        List<NewEvent> encoded = new ArrayList<>(events.size());
        UUID aggregate = events.isEmpty() ? null : type.aggregateId().apply(envelope.command());
        for (int i = 0; i < events.size(); i++) {
            Personal personal = sealWith.partsOf(i);
            DataKey key = personal == null ? null : sealWith.keys().get(personal.subject());
            NewEvent event = type.events().encode(eventId(envelope, i), events.get(i), personal, key);
            Publication publication = key == null
                    ? published.publicationOf(type.category(), envelope.tenant(), aggregate, events.get(i))
                    : published.publicationOf(type.category(), envelope.tenant(), aggregate, events.get(i), key);
            encoded.add(publication == null ? event : event.publishing(publication));
        }
        AppendRequest request = new AppendRequest(envelope.scope(), envelope.tenant(), stream, current.version(), encoded,
                envelope.metadata(), sealWith.made());
        long seen = changes.get();
        long appending = System.nanoTime();
        return appends.append(request).doOnEach(signal -> {
            if (signal.isOnNext() || signal.isOnError()) {
                observer.appended(type.category(), System.nanoTime() - appending);
            }
        }).flatMap(result -> {
            if (result.duplicate()) {
                forget(stream);
                return Mono.just(duplicateOutcome(result, stream));
            }
            sealWith.made().forEach(key -> keys.stored(envelope.tenant(), key));
            Versioned<S> next = new Versioned<>(result.toVersion(), type.decider().fold(current.state(), events));
            remember(stream, next, seen);
            if (log.isDebugEnabled()) {
                log.debug("command {} wrote {} v{} to v{}", envelope.commandId(), stream, result.fromVersion() + 1,
                        result.toVersion());
            }
            CommandOutcome<E> outcome = new CommandOutcome<>(
                    stream, result.fromVersion(), result.toVersion(), events, false, result.last());
            return snapshotIfDue(type, envelope.tenant(), stream, result, next).thenReturn(outcome);
        });
    }

    private <E> Mono<CommandOutcome<E>> earlierOutcome(CommandEnvelope<?> envelope, StreamId stream) {
        return store.findCommand(envelope.scope(), envelope.commandId())
                .map(result -> duplicateOutcome(result, stream));
    }

    private static <E> CommandOutcome<E> duplicateOutcome(AppendResult result, StreamId stream) {
        if (!result.stream().equals(stream)) {
            throw Rejection.validation("commandId", "this command id was already used for another command");
        }
        return new CommandOutcome<>(stream, result.fromVersion(), result.toVersion(), List.of(), true, null);
    }

    private <C, S, E> Mono<Void> snapshotIfDue(
            AggregateType<C, S, E> type, UUID tenant, StreamId stream, AppendResult result, Versioned<S> state) {
        long every = settings.snapshotEvery();
        if (result.fromVersion() / every == result.toVersion() / every) {
            return Mono.empty();
        }
        Personal personal = type.states().personalOf(state.state());
        Mono<String> encoded = personal == null ? Mono.fromCallable(() -> type.states().encode(state.state()))
                : keys.keyFor(tenant, personal.subject()).map(key -> type.states().encode(state.state(), key));
        // a snapshot only saves reading time later: failing to write one must not fail the command
        return encoded
                .map(json -> new StoredSnapshot(stream, state.version(), type.states().schemaVersion(), json))
                .flatMap(snapshot -> store.saveSnapshot(tenant, snapshot))
                .onErrorResume(e -> {
                    log.warn("could not snapshot {} at version {}: {}", stream, state.version(), e.toString());
                    return Mono.empty();
                });
    }

    private <C, S, E> Mono<Versioned<S>> loadFromStore(AggregateType<C, S, E> type, UUID tenant, StreamId stream) {
        Versioned<S> initial = new Versioned<>(0, type.decider().initialState());
        return store.loadSnapshot(stream)
                .flatMap(snapshot -> keys.ring(tenant, Sealing.keyIds(snapshot.state()))
                        .flatMap(ring -> Mono.justOrEmpty(type.states().decode(snapshot, ring)
                                .map(state -> new Versioned<>(snapshot.version(), state)))))
                .defaultIfEmpty(initial)
                .flatMap(start -> catchUp(type, tenant, stream, start));
    }

    private <C, S, E> Mono<Versioned<S>> catchUp(
            AggregateType<C, S, E> type, UUID tenant, StreamId stream, Versioned<S> from) {
        return store.readStream(stream, from.version() + 1).collectList().flatMap(events -> {
            return ring(tenant, events).map(ring -> {
                Versioned<S> state = from;
                for (RecordedEvent event : events) {
                    state = new Versioned<>(event.streamVersion(),
                            type.decider().evolve(state.state(), type.events().decode(event, ring)));
                }
                return state;
            });
        });
    }

    /**
     * Caches a state just read from or written to the log; it is trusted for look-ups unless a change was announced
     * since {@code seenChanges} was taken (before the read or write began).
     */
    private void remember(StreamId stream, Versioned<?> state, long seenChanges) {
        cache.put(stream, state);
        verified.put(stream, Boolean.TRUE);
        // checked after marking it, so that a change arriving in between is never overwritten by the mark
        if (changes.get() != seenChanges) {
            verified.invalidate(stream);
        }
    }

    private void forget(StreamId stream) {
        cache.invalidate(stream);
        verified.invalidate(stream);
    }

    @SuppressWarnings("unchecked")
    private <S> Versioned<S> cached(StreamId stream) {
        return (Versioned<S>) cache.getIfPresent(stream);
    }

    /** Deterministic per command and position, so an attempt repeated after a conflict names its events alike. */
    private static UUID eventId(CommandEnvelope<?> envelope, int index) {
        String name = envelope.scope() + "/" + envelope.commandId() + "/" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}

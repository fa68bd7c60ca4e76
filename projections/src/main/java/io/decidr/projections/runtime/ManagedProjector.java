package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.runtime.ProjectionGeneration.State;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The projector of one read model across its generations ({@link ProjectionGeneration}). It runs the serving
 * generation's {@link Projector}, and on request rebuilds: a second projector replays {@code $all} from the start into
 * a fresh generation while the serving one goes on answering; once the new one has caught up with the serving one, it
 * takes over (queries switch to it, see {@link #switches()}) and the old one stops. A rebuild cut short by a restart
 * resumes from its own checkpoint when the projector starts again.
 *
 * <p>{@link #applied()}, {@link #progress()} and {@link #awaitPosition} follow whichever generation serves, across
 * switches.
 *
 * <p>It runs here under a lease epoch ({@link #start(long)}): its runners write their checkpoints
 * {@link CheckpointStore#fencedBy fenced} by it, and it may be stopped and started again, under a new epoch, as the lease
 * comes and goes ({@link ProjectorLeadership}).
 *
 * <p>Over 300 lines: the switch between generations is one small state machine whose steps share one lock; split, its
 * invariants (never two serving generations, a rebuild resumes where it stopped) would span files.
 */
public final class ManagedProjector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedProjector.class);

    /** Makes the projection of each generation. */
    public interface Generations {

        /** The name of the generation's projection: its checkpoint and parked events are kept under it. */
        String projectionName(int generation);

        /** Prepares the generation's storage (creates its tables when missing) and gives its projection. */
        Mono<Projection> prepare(int generation);

        /**
         * Empties a retired generation's storage (its layout may stay): no query reads it any more, and nothing it
         * copied from the log (personal values among it) may outlive there an erasure it no longer follows.
         */
        default Mono<Void> retire(int generation) {
            return Mono.empty();
        }
    }

    /** Makes the {@link Projector} that runs a projection (checkpoints, feed, settings) under a lease epoch. */
    public interface Runners {

        /** @param epoch the lease epoch its checkpoint writes are fenced by; 0 for one that is never started */
        Projector runner(Projection projection, long epoch);
    }

    private record Serving(ProjectionGeneration generation, Projector projector, Disposable forwarding) {
    }

    private record Rebuild(ProjectionGeneration generation, Projector projector, Disposable watch) {
    }

    private final String name;
    private final Generations generations;
    private final GenerationStore store;
    private final Runners runners;
    private final Clock clock;
    private final Duration switchCheck;
    private final Duration retiredGrace;

    private final Sinks.Many<Checkpoint> progress = Sinks.many().replay().latest();
    private final Sinks.Many<List<RecordedEvent>> applied = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Integer> switches = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile Serving serving;
    private volatile Rebuild rebuild;
    private volatile boolean started;
    private volatile long epoch;
    /** Counts starts and stops, so a start that was stopped before it got going does not go on. */
    private long turns;

    private ManagedProjector(String name, Generations generations, GenerationStore store, Runners runners, Clock clock,
            Duration switchCheck, Duration retiredGrace) {
        this.name = name;
        this.generations = generations;
        this.store = store;
        this.runners = runners;
        this.clock = clock;
        this.switchCheck = switchCheck;
        this.retiredGrace = retiredGrace;
    }

    /** Looks up the serving generation and prepares its projector (not started). */
    public static Mono<ManagedProjector> open(String name, Generations generations, GenerationStore store,
            Runners runners, Clock clock) {
        return open(name, generations, store, runners, clock, Duration.ofMillis(250), DEFAULT_RETIRED_GRACE);
    }

    /** How long a retired generation's storage stays as it was: processes that read it still follow the switch. */
    public static final Duration DEFAULT_RETIRED_GRACE = Duration.ofMinutes(1);

    /** As {@link #open(String, Generations, GenerationStore, Runners, Clock)}, checking every {@code switchCheck} whether a rebuild caught up. */
    public static Mono<ManagedProjector> open(String name, Generations generations, GenerationStore store,
            Runners runners, Clock clock, Duration switchCheck) {
        return open(name, generations, store, runners, clock, switchCheck, DEFAULT_RETIRED_GRACE);
    }

    /**
     * As {@link #open(String, Generations, GenerationStore, Runners, Clock)}, checking every {@code switchCheck} whether
     * a rebuild caught up, and emptying a retired generation {@code retiredGrace} after the switch (and on each start,
     * for one a stop cut short).
     */
    public static Mono<ManagedProjector> open(String name, Generations generations, GenerationStore store,
            Runners runners, Clock clock, Duration switchCheck, Duration retiredGrace) {
        ManagedProjector managed = new ManagedProjector(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(generations, "generations"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(runners, "runners"), Objects.requireNonNull(clock, "clock"), switchCheck,
                Objects.requireNonNull(retiredGrace, "retiredGrace"));
        return managed.load(0).map(loaded -> {
            managed.serve(loaded.record(), loaded.runner());
            return managed;
        });
    }

    private record Loaded(ProjectionGeneration record, Projector runner, ProjectionGeneration resumable,
            List<Integer> retired) {
    }

    /** The recorded generations as they are now: the serving one's runner under {@code epoch}, and a rebuild to resume. */
    private Mono<Loaded> load(long epoch) {
        return store.list(name).collectList().flatMap(all -> {
            int servingGeneration = ProjectionGeneration.serving(all);
            ProjectionGeneration record = all.stream().filter(g -> g.generation() == servingGeneration).findFirst()
                    .orElse(new ProjectionGeneration(name, servingGeneration, State.SERVING, null, null, 0));
            ProjectionGeneration newest = ProjectionGeneration.newest(all);
            ProjectionGeneration resume = newest != null && newest.state() == State.BUILDING
                    && newest.generation() > servingGeneration ? newest : null;
            List<Integer> retired = all.stream().filter(g -> g.state() == State.RETIRED)
                    .map(ProjectionGeneration::generation).toList();
            return generations.prepare(servingGeneration)
                    .map(projection -> new Loaded(record, runners.runner(projection, epoch), resume, retired));
        });
    }

    public String name() {
        return name;
    }

    /** The generation queries read now. */
    public int generation() {
        return serving.generation().generation();
    }

    /** The serving generation's checkpoint name (see {@link CheckpointStore}). */
    public String checkpointName() {
        return generations.projectionName(generation());
    }

    /**
     * Runs the projector here under lease epoch {@code epoch}: looks up its generations afresh (another process may
     * have switched, or begun a rebuild, while this one did not run it), starts the serving generation's runner, and
     * resumes a rebuild that was cut short. Completes once they run.
     */
    public Mono<Void> start(long epoch) {
        long turn;
        synchronized (this) {
            turn = ++turns;
        }
        return load(epoch).doOnNext(loaded -> {
            int before;
            synchronized (this) {
                if (turn != turns) {
                    return;
                }
                before = generation();
                Serving old = serving;
                serve(loaded.record(), loaded.runner());
                old.forwarding().dispose();
                old.projector().close();
                this.epoch = epoch;
                started = true;
                serving.projector().start();
                ProjectionGeneration resume = loaded.resumable();
                if (resume != null && rebuilding.compareAndSet(false, true)) {
                    log.info("projector {} resumes building generation {}", name, resume.generation());
                    begin(resume).subscribe(null, this::rebuildFailed);
                }
                loaded.retired().forEach(this::retireLater);
            }
            if (before != generation()) {
                offer(switches, generation());
            }
        }).then();
    }

    /** Whether it runs in this process now. */
    public boolean runsHere() {
        return started;
    }

    /** Stops running here (a rebuild under way stops too, and resumes wherever it runs next); it may start again. */
    @Override
    public synchronized void close() {
        turns++;
        started = false;
        Rebuild current = rebuild;
        if (current != null) {
            current.watch().dispose();
            current.projector().close();
            rebuild = null;
            rebuilding.set(false);
        }
        serving.projector().close();
    }

    /**
     * Starts replaying every event into a new generation while the serving one goes on; it takes over once it has
     * caught up. Completes with the new generation as recorded when its replay starts.
     *
     * @throws IllegalStateException (as the error) when this process does not run the projector, or a rebuild runs
     */
    public Mono<ProjectionGeneration> rebuild() {
        return Mono.defer(() -> {
            if (!started) {
                return Mono.error(new IllegalStateException("projector " + name + " does not run in this process"));
            }
            if (!rebuilding.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("projector " + name + " is being rebuilt already"));
            }
            return store.list(name).collectList()
                    .map(all -> {
                        int next = Math.max(generation(), all.stream().mapToInt(ProjectionGeneration::generation).max().orElse(1)) + 1;
                        return new ProjectionGeneration(name, next, State.BUILDING, clock.instant(), null, 0);
                    })
                    .flatMap(building -> store.save(building).then(begin(building)).thenReturn(building))
                    .doOnError(this::rebuildFailed);
        });
    }

    private void rebuildFailed(Throwable failure) {
        log.error("projector {} could not rebuild: {}", name, failure.toString());
        rebuilding.set(false);
    }

    private Mono<Void> begin(ProjectionGeneration building) {
        return generations.prepare(building.generation()).doOnNext(projection -> {
            Projector projector = runners.runner(projection, epoch);
            Disposable watch = Flux.merge(projector.progress().map(reached -> 0L), Flux.interval(switchCheck))
                    .filter(tick -> projector.position().compareTo(serving.projector().position()) >= 0)
                    .next()
                    .flatMap(caughtUp -> switchOver())
                    .subscribe(null, failure -> log.error("projector {} could not switch to generation {}: {}", name,
                            building.generation(), failure.toString()));
            synchronized (this) {
                rebuild = new Rebuild(building, projector, watch);
            }
            log.info("projector {} builds generation {} while generation {} serves", name, building.generation(), generation());
            projector.start();
        }).then();
    }

    private Mono<Void> switchOver() {
        Rebuild current = rebuild;
        Serving old = serving;
        ProjectionGeneration done = current.generation().with(State.SERVING, clock.instant(), current.projector().position().position());
        return store.save(done)
                .then(Mono.fromRunnable(() -> {
                    synchronized (this) {
                        serve(done, current.projector());
                        old.forwarding().dispose();
                        old.projector().close();
                        rebuild = null;
                        rebuilding.set(false);
                    }
                    log.info("projector {}: generation {} serves now, after {} events at {} events/s", name,
                            done.generation(), done.eventsProcessed(), String.format("%.0f", done.eventsPerSecond(clock.instant())));
                    offer(switches, done.generation());
                }))
                .then(store.save(old.generation().with(State.RETIRED, old.generation().finishedAt(),
                        old.generation().eventsProcessed())))
                .then(Mono.fromRunnable(() -> retireLater(old.generation().generation())));
    }

    /** Empties a retired generation after the grace (a failure is logged: the next start tries again). */
    private void retireLater(int generation) {
        Mono.delay(retiredGrace)
                .then(Mono.defer(() -> generations.retire(generation)))
                .subscribe(null, failure -> log.warn("projector {} could not empty retired generation {} (tried again at "
                        + "its next start): {}", name, generation, failure.toString()),
                        () -> log.info("projector {} emptied retired generation {}", name, generation));
    }

    private void serve(ProjectionGeneration generation, Projector projector) {
        Disposable forwarding = Disposables.composite(
                projector.progress().subscribe(reached -> offer(progress, reached)),
                projector.applied().subscribe(batch -> offer(applied, batch)));
        serving = new Serving(generation, projector, forwarding);
    }

    /**
     * When this process does not run the projector: looks up the serving generation again and follows a switch made
     * elsewhere. Gives the generation that serves.
     */
    public Mono<Integer> refresh() {
        if (started) {
            return Mono.just(generation());
        }
        return store.list(name).collectList().flatMap(all -> {
            int current = ProjectionGeneration.serving(all);
            if (current == generation()) {
                return Mono.just(current);
            }
            ProjectionGeneration record = all.stream().filter(g -> g.generation() == current).findFirst().orElseThrow();
            return generations.prepare(current).map(projection -> {
                synchronized (this) {
                    Serving old = serving;
                    serve(record, runners.runner(projection, 0));
                    old.forwarding().dispose();
                }
                offer(switches, current);
                return current;
            });
        });
    }

    /** The generation that serves after each switch. */
    public Flux<Integer> switches() {
        return switches.asFlux();
    }

    /** The rebuild under way here, with how far its replay got; empty when none runs in this process. */
    public Optional<ProjectionGeneration> building() {
        Rebuild current = rebuild;
        return current == null ? Optional.empty()
                : Optional.of(current.generation().with(State.BUILDING, null, current.projector().position().position()));
    }

    /** The status of the rebuild under way here. */
    public Mono<ProjectorStatus> buildingStatus() {
        Rebuild current = rebuild;
        return current == null ? Mono.empty() : current.projector().status();
    }

    /** Every recorded generation, newest first; the one building here with its live progress. */
    public Flux<ProjectionGeneration> history() {
        Optional<ProjectionGeneration> live = building();
        return store.list(name)
                .map(g -> live.filter(b -> b.generation() == g.generation()).orElse(g))
                .sort((a, b) -> Integer.compare(b.generation(), a.generation()));
    }

    /** The serving generation's last applied event. */
    public Checkpoint position() {
        return serving.projector().position();
    }

    /** Batches applied by the serving generation, across switches; hot and best effort. */
    public Flux<List<RecordedEvent>> applied() {
        return applied.asFlux();
    }

    /** The serving generation's position, then each advance, across switches. */
    public Flux<Checkpoint> progress() {
        return progress.asFlux();
    }

    /** Completes once the serving generation has applied every event up to {@code target}, or {@code false} after {@code timeout}. */
    public Mono<Boolean> awaitPosition(Checkpoint target, Duration timeout) {
        return Projector.reaches(progress.asFlux(), target, timeout);
    }

    /** The serving generation's status, under the read model's name. */
    public Mono<ProjectorStatus> status() {
        return serving.projector().status().map(s -> new ProjectorStatus(name, s.running(), s.position(), s.eventsBehind(),
                s.behind(), s.parkedEvents()));
    }

    public Flux<ParkedEvent> parkedEvents() {
        return serving.projector().parkedEvents();
    }

    public Mono<Integer> retry(StreamId stream) {
        return serving.projector().retry(stream);
    }

    public Mono<Boolean> skip(StreamId stream, UUID eventId) {
        return serving.projector().skip(stream, eventId);
    }

    /**
     * Hands a value to a hot sink's subscribers, retrying only while another thread emits. A subscriber that is not
     * ready misses it (best effort), and so do all of them when none is ready: {@code emitNext} would then terminate
     * the sink with an overflow error, ending every subscription of every tenant for good because one was slow.
     */
    private static <T> void offer(Sinks.Many<T> sink, T value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        Sinks.EmitResult result;
        while ((result = sink.tryEmitNext(value)) == Sinks.EmitResult.FAIL_NON_SERIALIZED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (result == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            log.warn("a value was not handed out: another thread kept emitting for a second");
        }
    }
}

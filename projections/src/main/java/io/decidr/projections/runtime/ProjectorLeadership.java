package io.decidr.projections.runtime;

import io.decidr.eventstore.lease.Leases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs each projector in exactly one process of however many have the projector role: the one holding its lease
 * ({@link Leases}, named {@code projector:<name>}). Every {@code ttl / 3} it renews the leases it holds and tries to take
 * the others; a projector starts here under the epoch of its lease and stops here when the lease is lost (another took
 * it), or when it could not be renewed before it would have expired. Its checkpoint writes are fenced by the epoch
 * ({@link CheckpointStore#fencedBy}), so a process paused past its lease stops at its next checkpoint however late it
 * wakes. A process that goes down releases its leases, so another takes over at once; one that is killed leaves them
 * to expire, within {@code ttl}.
 */
public final class ProjectorLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectorLeadership.class);

    private record Held(long epoch, long validUntilNanos) {
    }

    private final List<ManagedProjector> projectors;
    private final Leases leases;
    private final String holder;
    private final Duration ttl;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile Disposable tending;

    /**
     * @param holder this process, as the leases record it (unique per process start)
     * @param ttl    how long a lease lasts unless renewed: how long a killed holder's projectors wait for another
     */
    public ProjectorLeadership(List<ManagedProjector> projectors, Leases leases, String holder, Duration ttl) {
        this.projectors = List.copyOf(projectors);
        this.leases = Objects.requireNonNull(leases, "leases");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    public static String leaseName(String projector) {
        return "projector:" + projector;
    }

    public String holder() {
        return holder;
    }

    /**
     * Tries to take every lease once, starting the projectors whose lease it got (bounded: a database that does not
     * answer leaves it to the next round), then tends the leases in the background.
     */
    public synchronized void start() {
        if (tending == null || tending.isDisposed()) {
            Flux.fromIterable(projectors).concatMap(this::tend).then()
                    .timeout(ttl.multipliedBy(2), Mono.fromRunnable(() -> log.warn(
                            "the projectors' leases were not all tended within {}; the next round goes on", ttl.multipliedBy(2))))
                    .block();
            tending = Flux.interval(ttl.dividedBy(3), ttl.dividedBy(3))
                    .onBackpressureDrop()
                    .concatMap(tick -> Flux.fromIterable(projectors).concatMap(this::tend), 1)
                    .subscribe();
        }
    }

    /** The projectors that run here, with the epoch of their lease. */
    public Map<String, Long> held() {
        return held.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().epoch()));
    }

    private Mono<Void> tend(ManagedProjector projector) {
        String name = projector.name();
        Held current = held.get(name);
        long sent = System.nanoTime();
        if (current != null) {
            return leases.renew(leaseName(name), holder, current.epoch(), ttl)
                    .timeout(ttl.dividedBy(3))
                    .doOnNext(renewed -> {
                        if (renewed) {
                            held.put(name, new Held(current.epoch(), sent + ttl.toNanos()));
                        } else {
                            standDown(projector, current, "another process took its lease");
                        }
                    })
                    .onErrorResume(failure -> {
                        if (System.nanoTime() - current.validUntilNanos() >= 0) {
                            standDown(projector, current, "its lease could not be renewed in time: " + failure);
                        } else {
                            log.warn("projector {}: could not renew its lease (epoch {}), tries again: {}", name,
                                    current.epoch(), failure.toString());
                        }
                        return Mono.empty();
                    })
                    .then();
        }
        return leases.tryTake(leaseName(name), holder, ttl)
                .timeout(ttl.dividedBy(3))
                .flatMap(epoch -> {
                    Held taken = new Held(epoch, sent + ttl.toNanos());
                    held.put(name, taken);
                    log.info("projector {} runs here ({}) under lease epoch {}", name, holder, epoch);
                    return projector.start(epoch).onErrorResume(failure -> {
                        standDown(projector, taken, "it could not start: " + failure);
                        return leases.release(leaseName(name), holder, epoch).onErrorResume(e -> Mono.empty());
                    });
                })
                .onErrorResume(failure -> {
                    log.warn("projector {}: could not take its lease: {}", name, failure.toString());
                    return Mono.empty();
                })
                .then();
    }

    private void standDown(ManagedProjector projector, Held lost, String why) {
        if (held.remove(projector.name(), lost)) {
            log.warn("projector {} stops here (lease epoch {}): {}", projector.name(), lost.epoch(), why);
            projector.close();
        }
    }

    /** Stops the projectors that run here and releases their leases, so another process takes them over at once. */
    @Override
    public void close() {
        synchronized (this) {
            if (tending != null) {
                tending.dispose();
            }
        }
        Flux.fromIterable(projectors)
                .concatMap(projector -> {
                    Held current = held.remove(projector.name());
                    projector.close();
                    return current == null ? Mono.empty()
                            : leases.release(leaseName(projector.name()), holder, current.epoch())
                                    .onErrorResume(failure -> {
                                        log.warn("projector {}: could not release its lease (it expires): {}",
                                                projector.name(), failure.toString());
                                        return Mono.empty();
                                    });
                })
                .then()
                .block(ttl.plusSeconds(5));
    }
}

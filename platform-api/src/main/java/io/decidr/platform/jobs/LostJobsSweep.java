package io.decidr.platform.jobs;

import io.decidr.eventstore.lease.Leases;
import io.decidr.workflows.job.LostJobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link LostJobs} every {@code every} in one process of all that have the worker role: the holder of the lease
 * {@value #LEASE}, renewed at each round. Counts what it marks FAILED in {@code decidr.jobs.reconciled} (by
 * {@code reason}: lost, ended), and shows in {@code decidr.jobs.stuck} the open jobs quiet that long whose workflow
 * still runs (NaN in the processes that do not sweep).
 */
public final class LostJobsSweep implements SmartLifecycle {

    public static final String LEASE = "sweep:lost-jobs";

    private static final Logger log = LoggerFactory.getLogger(LostJobsSweep.class);

    private final LostJobs lostJobs;
    private final Leases leases;
    private final String holder;
    private final Duration every;
    private final Duration quiet;
    private final boolean enabled;
    private final Counter lost;
    private final Counter ended;
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicReference<Double> stuck = new AtomicReference<>(Double.NaN);
    private volatile Disposable sweeping;

    /**
     * @param every how often it looks
     * @param quiet how long an open job must have made no progress before Temporal is asked about it
     */
    public LostJobsSweep(LostJobs lostJobs, Leases leases, String holder, Duration every, Duration quiet, boolean enabled,
            MeterRegistry meters) {
        this.lostJobs = Objects.requireNonNull(lostJobs, "lostJobs");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.every = Objects.requireNonNull(every, "every");
        this.quiet = Objects.requireNonNull(quiet, "quiet");
        this.enabled = enabled;
        this.lost = counter(meters, "lost");
        this.ended = counter(meters, "ended");
        Gauge.builder("decidr.jobs.stuck", stuck, AtomicReference::get)
                .description("open jobs that made no progress for decidr.jobs.reconcile.quiet while their workflow runs")
                .register(meters);
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder("decidr.jobs.reconciled")
                .description("open jobs marked FAILED because Temporal lost their workflow or it ended without an outcome")
                .tag("reason", reason)
                .register(meters);
    }

    /** One round: sweeps if this process holds (or takes) the lease. */
    Mono<Long> round() {
        Duration ttl = every.multipliedBy(3);
        long held = epoch.get();
        Mono<Boolean> holding = held > 0
                ? leases.renew(LEASE, holder, held, ttl).flatMap(renewed -> renewed ? Mono.just(true)
                        : Mono.fromRunnable(() -> epoch.set(0)).then(leases.tryTake(LEASE, holder, ttl).map(this::took)))
                : leases.tryTake(LEASE, holder, ttl).map(this::took);
        return holding.defaultIfEmpty(false)
                .flatMap(mine -> {
                    if (!mine) {
                        stuck.set(Double.NaN);
                        return Mono.just(0L);
                    }
                    return lostJobs.sweep(quiet).map(sweep -> {
                        sweep.failed().forEach(reconciled -> (LostJobs.LOST.equals(reconciled.code()) ? lost : ended).increment());
                        stuck.set((double) sweep.stuck());
                        return (long) sweep.failed().size();
                    });
                });
    }

    private boolean took(long taken) {
        epoch.set(taken);
        return true;
    }

    /** Sweeps from now on, unless it was built disabled (its meters exist either way). */
    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        sweeping = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> round().onErrorResume(failure -> {
                    log.warn("the sweep for lost jobs failed (it runs again in {}): {}", every, failure.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (sweeping != null) {
            sweeping.dispose();
        }
        long held = epoch.getAndSet(0);
        if (held > 0) {
            leases.release(LEASE, holder, held).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
        }
    }

    @Override
    public boolean isRunning() {
        return sweeping != null && !sweeping.isDisposed();
    }
}

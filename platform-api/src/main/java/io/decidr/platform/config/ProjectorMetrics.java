package io.decidr.platform.config;

import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ProjectorStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes each projector's lag as gauges ({@code decidr.projector.lag.events}, {@code decidr.projector.lag.seconds},
 * {@code decidr.projector.parked}, tagged with the projector's name) while it runs in this process, and whether it does
 * ({@code decidr.projector.running}: 1 in the one process holding its lease); and the batches and events it applies here
 * ({@code decidr.projector.batches}, {@code decidr.projector.events}: counters, their rates the projector's speed). Lag
 * is measured in the background every
 * {@code decidr.projections.metrics-interval}, so scraping never queries the databases; a process that does not run a
 * projector shows no lag for it (NaN), so the maximum over all processes is the lag of the one that does.
 */
@Component
public class ProjectorMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectorMetrics.class);

    private final ProjectorRole projectors;
    private final Duration interval;
    private final Map<String, ProjectorStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> applied = new ConcurrentHashMap<>();
    private volatile Disposable measuring;
    private volatile Disposable counting;

    public ProjectorMetrics(ProjectorRole projectors, MeterRegistry registry,
            @Value("${decidr.projections.metrics-interval:5s}") Duration interval) {
        this.projectors = projectors;
        this.interval = interval;
        for (ManagedProjector projector : projectors.projectors()) {
            String name = projector.name();
            Gauge.builder("decidr.projector.lag.events", latest, m -> value(m, name, s -> (double) s.eventsBehind()))
                    .tag("projector", name).description("committed events not yet applied").register(registry);
            Gauge.builder("decidr.projector.lag.seconds", latest, m -> value(m, name, s -> s.behind().toMillis() / 1000.0))
                    .tag("projector", name).description("age of the oldest event not yet applied").baseUnit("seconds")
                    .register(registry);
            Gauge.builder("decidr.projector.parked", latest, m -> value(m, name, s -> (double) s.parkedEvents()))
                    .tag("projector", name).description("events set aside for an operator").register(registry);
            applied.put(name, new Counter[] {
                Counter.builder("decidr.projector.batches").tag("projector", name)
                        .description("batches of events applied (and their checkpoint stored) here").register(registry),
                Counter.builder("decidr.projector.events").tag("projector", name)
                        .description("events applied here").register(registry)});
            Gauge.builder("decidr.projector.running", projector, p -> p.runsHere() ? 1 : 0)
                    .tag("projector", name).description("1 where the projector runs (the holder of its lease), else 0")
                    .register(registry);
        }
    }

    private static double value(Map<String, ProjectorStatus> latest, String name,
            ToDoubleFunction<ProjectorStatus> read) {
        ProjectorStatus status = latest.get(name);
        return status == null ? Double.NaN : read.applyAsDouble(status);
    }

    @Override
    public void start() {
        counting = Flux.merge(projectors.projectors().stream()
                        .map(projector -> projector.applied().doOnNext(batch -> {
                            Counter[] counters = applied.get(projector.name());
                            counters[0].increment();
                            counters[1].increment(batch.size());
                        }))
                        .toList())
                .subscribe();
        measuring = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(projectors.projectors())
                        .concatMap(projector -> (projector.runsHere() ? projector.status() : Mono.<ProjectorStatus>empty()
                                        .doOnSubscribe(s -> latest.remove(projector.name())))
                                .doOnNext(status -> latest.put(projector.name(), status))
                                .onErrorResume(e -> {
                                    log.debug("could not measure projector {}: {}", projector.name(), e.toString());
                                    return Mono.empty();
                                })))
                .subscribe();
    }

    @Override
    public void stop() {
        if (measuring != null) {
            measuring.dispose();
        }
        if (counting != null) {
            counting.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return measuring != null && !measuring.isDisposed();
    }
}

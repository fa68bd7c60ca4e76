package io.decidr.platform.config;

import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ProjectorLeadership;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * With the role on, runs the projectors whose lease this process holds ({@link ProjectorLeadership}: each projector runs
 * in one process of all that have the role) and stops them, releasing their leases, before it goes down. Keeps the
 * queries on the serving generation of each read model: at once after a rebuild switched here, and within
 * {@code refresh} when another process runs the projector.
 */
public final class ProjectorRole implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectorRole.class);

    private final List<ManagedProjector> projectors;
    private final boolean enabled;
    private final ReadModelQueries queries;
    private final Duration refresh;
    private final ProjectorLeadership leadership;
    private final Disposable.Composite following = Disposables.composite();
    private volatile boolean running;

    public ProjectorRole(List<ManagedProjector> projectors, boolean enabled, ReadModelQueries queries, Duration refresh,
            ProjectorLeadership leadership) {
        this.projectors = List.copyOf(projectors);
        this.enabled = enabled;
        this.queries = queries;
        this.refresh = refresh;
        this.leadership = leadership;
    }

    /** Which projectors run here and under which lease epoch. */
    public Map<String, Long> leases() {
        return leadership.held();
    }

    public List<ManagedProjector> projectors() {
        return projectors;
    }

    public Optional<ManagedProjector> named(String name) {
        return projectors.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The generation each read model serves from. */
    public Map<ReadModel, Integer> generations() {
        Map<ReadModel, Integer> generations = new EnumMap<>(ReadModel.class);
        projectors.forEach(p -> ReadModel.ofProjector(p.name()).ifPresent(model -> generations.put(model, p.generation())));
        return generations;
    }

    @Override
    public void start() {
        queries.use(generations());
        following.add(Flux.merge(projectors.stream().map(ManagedProjector::switches).toList())
                .publishOn(Schedulers.boundedElastic())
                .subscribe(generation -> queries.use(generations())));
        // the projectors that run elsewhere: follow their switches (refresh does nothing for one that runs here)
        following.add(Flux.interval(refresh, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(projectors)
                        .concatMap(p -> p.refresh().onErrorResume(e -> {
                            log.warn("could not look up the serving generation of {}: {}", p.name(), e.toString());
                            return Mono.empty();
                        })))
                .subscribe());
        if (enabled) {
            leadership.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        following.dispose();
        if (enabled) {
            leadership.close();
        }
        projectors.forEach(ManagedProjector::close);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

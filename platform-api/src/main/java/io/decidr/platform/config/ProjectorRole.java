package io.decidr.platform.config;

import io.decidr.projections.runtime.Projector;
import java.util.List;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/** Starts the projectors with the application (when the role is on) and stops them before it goes down. */
public final class ProjectorRole implements SmartLifecycle {

    private final List<Projector> projectors;
    private final boolean enabled;
    private volatile boolean running;

    public ProjectorRole(List<Projector> projectors, boolean enabled) {
        this.projectors = List.copyOf(projectors);
        this.enabled = enabled;
    }

    public List<Projector> projectors() {
        return projectors;
    }

    public Optional<Projector> named(String name) {
        return projectors.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void start() {
        if (enabled) {
            projectors.forEach(Projector::start);
        }
        running = true;
    }

    @Override
    public void stop() {
        projectors.forEach(Projector::close);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

package io.decidr.platform.graphql;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.feed.PositionNotice;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.ManagedProjector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The batches of events a projector's read model holds now, as they come, wherever the projector runs: from the
 * projector itself when it runs in this process; otherwise read from the log up to each checkpoint it announces
 * ({@link EventNotifications#positions()}), once per process however many subscribe. Hot and best effort, as
 * {@link ManagedProjector#applied()}: a follower that does not keep up misses batches.
 */
@Component
public class AppliedBatches {

    private static final int PAGE = 500;

    private final ProjectorRole projectors;
    private final EventLog log;
    private final EventNotifications notifications;
    private final CheckpointStore checkpoints;
    private final Map<String, Flux<List<RecordedEvent>>> elsewhere = new ConcurrentHashMap<>();

    public AppliedBatches(ProjectorRole projectors, EventLog log, EventNotifications notifications,
            CheckpointStore checkpoints) {
        this.projectors = projectors;
        this.log = log;
        this.notifications = notifications;
        this.checkpoints = checkpoints;
    }

    /** The projector's applied batches from now on. */
    public Flux<List<RecordedEvent>> of(String projector) {
        ManagedProjector managed = projectors.named(projector).orElseThrow();
        return Flux.merge(managed.applied().filter(batch -> managed.runsHere()),
                elsewhere.computeIfAbsent(projector, name -> follow(managed)));
    }

    /** Shared by this process's followers while there are any; starts from the checkpoint stored when the first came. */
    private Flux<List<RecordedEvent>> follow(ManagedProjector managed) {
        return Flux.defer(() -> {
            AtomicReference<Checkpoint> last = new AtomicReference<>();
            return Flux.merge(
                            notifications.positions().filter(notice -> notice.reader().equals(managed.checkpointName()))
                                    .map(PositionNotice::checkpoint),
                            Mono.defer(() -> checkpoints.load(managed.checkpointName())))
                    .onBackpressureLatest()
                    .concatMap(reached -> {
                        Checkpoint from = last.get();
                        if (from == null || managed.runsHere()) {
                            last.set(reached);
                            return Flux.empty();
                        }
                        if (reached.compareTo(from) <= 0) {
                            return Flux.empty();
                        }
                        return between(from, reached).doOnComplete(() -> last.set(reached));
                    }, 1);
        }).publish().refCount();
    }

    /** The committed events after {@code from} up to and including {@code to}, a page at a time. */
    private Flux<List<RecordedEvent>> between(Checkpoint from, Checkpoint to) {
        return log.readAll(from, PAGE)
                .expand(page -> page.size() < PAGE || page.getLast().checkpoint().compareTo(to) >= 0
                        ? Mono.empty() : log.readAll(page.getLast().checkpoint(), PAGE))
                .map(page -> page.stream().filter(event -> event.checkpoint().compareTo(to) <= 0).toList())
                .filter(page -> !page.isEmpty());
    }
}

package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.saga.StepDone;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real activities, but the n-th page to archive first waits for a cancel, heartbeating (a heartbeat is where a
 * cancel reaches an activity): a saga stopped midway, on purpose.
 */
final class HeldArchiveActivities implements ArchiveCollectionActivities {

    private final ArchiveCollectionActivities real;
    private final AtomicInteger pages = new AtomicInteger();
    private volatile int holdPage;
    final CompletableFuture<Void> held = new CompletableFuture<>();

    HeldArchiveActivities(ArchiveCollectionActivities real) {
        this.real = real;
    }

    /** Holds the n-th page archived from now on (1 = the next), until cancelled. */
    void holdPage(int page) {
        pages.set(0);
        holdPage = page;
    }

    @Override
    public String check(ArchiveRequest request) {
        return real.check(request);
    }

    @Override
    public EntityPage listEntities(ArchiveRequest request, Checkpoint after) {
        return real.listEntities(request, after);
    }

    @Override
    public PageDone archiveEntities(ArchiveRequest request, String sagaKey, List<UUID> entities) {
        if (pages.incrementAndGet() == holdPage) {
            held.complete(null);
            while (true) {
                // throws once the cancel has reached this attempt; the pause only paces the heartbeats
                Activity.getExecutionContext().heartbeat("held");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return real.archiveEntities(request, sagaKey, entities);
    }

    @Override
    public PageDone restoreEntities(ArchiveRequest request, String sagaKey, List<UUID> entities) {
        return real.restoreEntities(request, sagaKey, entities);
    }

    @Override
    public StepDone archiveCollection(ArchiveRequest request, String sagaKey) {
        return real.archiveCollection(request, sagaKey);
    }
}

package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.saga.StepDone;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real activities, but the n-th page to archive waits to be released before it starts (heartbeating meanwhile): a
 * saga caught midway, on purpose.
 */
final class HeldArchiveActivities implements ArchiveCollectionActivities {

    private final ArchiveCollectionActivities real;
    private final AtomicInteger pages = new AtomicInteger();
    private volatile int holdPage;
    final CompletableFuture<Void> held = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    HeldArchiveActivities(ArchiveCollectionActivities real) {
        this.real = real;
    }

    /** Holds the n-th page archived from now on (1 = the next), until {@link #release}d. */
    void holdPage(int page) {
        pages.set(0);
        holdPage = page;
    }

    void release() {
        released.complete(null);
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
            while (!released.isDone()) {
                // as the real page heartbeats: nothing of it done yet
                Activity.getExecutionContext().heartbeat(ArchiveCollectionActivitiesImpl.PageProgress.NONE);
                try {
                    released.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillHeld) {
                    // heartbeat again
                } catch (InterruptedException | ExecutionException e) {
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

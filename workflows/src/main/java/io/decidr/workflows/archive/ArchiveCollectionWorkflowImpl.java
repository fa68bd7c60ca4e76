package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.archive.ArchiveProgress.Phase;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.SagaOptions;
import io.decidr.workflows.saga.StepDone;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Check; then page by page: list the next entities, archive them (and unlink what links into them); then archive the
 * collection. The compensation (restore everything this saga archived or unlinked, up to the last page listed) is
 * registered before the first page and runs in a detached scope, so a cancel never cuts it short.
 *
 * <p>A cancel never interrupts a step: every activity runs in a detached scope, and the cancel takes effect between
 * steps, so at most one page (50 entities, well under a second) later. That way the compensation never races a page
 * still archiving, and no activity is ever cancelled while it completes. Archiving the collection is the point of no
 * return: once it has begun, a cancel is too late (Temporal still closes the run as cancelled; the progress query
 * says ARCHIVED). Entities committed while the collection was being archived (a create that raced it) are archived
 * after it, without compensation.
 */
public class ArchiveCollectionWorkflowImpl implements ArchiveCollectionWorkflow {

    private static final Logger log = Workflow.getLogger(ArchiveCollectionWorkflowImpl.class);

    private final ArchiveCollectionActivities steps =
            Workflow.newActivityStub(ArchiveCollectionActivities.class, SagaOptions.STEPS);
    private final ArchiveCollectionActivities pages =
            Workflow.newActivityStub(ArchiveCollectionActivities.class, ArchiveOptions.PAGES);
    private final ArchiveCollectionActivities undo =
            Workflow.newActivityStub(ArchiveCollectionActivities.class, ArchiveOptions.RESTORING);
    private final ArchiveCollectionActivities undoSteps =
            Workflow.newActivityStub(ArchiveCollectionActivities.class, SagaOptions.COMPENSATIONS);

    private ArchiveProgress progress = ArchiveProgress.START;

    @Override
    public ArchiveOutcome archive(ArchiveRequest request, ArchiveProgress from) {
        progress = from == null ? ArchiveProgress.START : from;
        // the same on every run of this execution chain, and new when the workflow id is used again
        String sagaKey = request.workflowId() + "/" + Workflow.getInfo().getFirstExecutionRunId();
        Saga saga = new Saga(new Saga.Options.Builder().build());
        StepDone collection;
        try {
            if (progress.pages() == 0) {
                step(() -> steps.check(request));
            }
            saga.addCompensation(() -> restore(request, sagaKey));
            archiveEntities(request, sagaKey, request.pagesPerRun());
            progress = progress.in(Phase.ARCHIVING_COLLECTION);
            collection = step(() -> steps.archiveCollection(request, sagaKey));
        } catch (ActivityFailure | CanceledFailure stopped) {
            Refusal refusal = stopped instanceof ActivityFailure activity ? Refusal.of(activity) : null;
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            if (refusal != null) {
                progress = progress.in(Phase.REFUSED);
                log.info("archiving collection {} refused ({}: {}); {} entities and {} links put back", request.collectionId(),
                        refusal.code(), refusal.message(), progress.entitiesRestored(), progress.linksRestored());
                return ArchiveOutcome.refused(request.collectionId(), progress, refusal);
            }
            progress = progress.in(stopped instanceof CanceledFailure ? Phase.CANCELLED : Phase.FAILED);
            log.info("archiving collection {} stopped ({}); {} entities and {} links put back", request.collectionId(),
                    progress.phase(), progress.entitiesRestored(), progress.linksRestored());
            throw stopped;
        }
        // past the point of no return: nothing is put back any more, and a cancel is not looked at
        try {
            archiveEntities(request, sagaKey, Integer.MAX_VALUE);
        } catch (ActivityFailure | CanceledFailure straggler) {
            log.warn("collection {} is archived, but entities created while it was being archived may not be: {}",
                    request.collectionId(), straggler.getMessage());
        }
        progress = progress.in(Phase.ARCHIVED);
        log.info("archived collection {}: {} entities, {} links removed", request.collectionId(), progress.entitiesArchived(),
                progress.linksRemoved());
        return ArchiveOutcome.archived(request.collectionId(), collection.stream(), collection.version(), progress);
    }

    @Override
    public ArchiveProgress progress() {
        return progress;
    }

    /**
     * Archives page after page from the cursor to the last page; continues as new after {@code pagesPerRun}. Before
     * the point of no return, a cancel stops it between steps.
     */
    private void archiveEntities(ArchiveRequest request, String sagaKey, int pagesPerRun) {
        boolean cancellable = progress.phase() == Phase.ARCHIVING_ENTITIES;
        for (int page = 0; ; page++) {
            if (page == pagesPerRun) {
                Workflow.continueAsNew(request, progress);
            }
            EntityPage listed = step(() -> pages.listEntities(request, progress.cursor()));
            // recorded before archiving: the compensation restores up to here, whatever the page gets done
            progress = progress.listed(listed);
            if (cancellable) {
                CancellationScope.throwCanceled();
            }
            if (!listed.entities().isEmpty()) {
                progress = progress.archived(step(() -> pages.archiveEntities(request, sagaKey, listed.entities())));
            }
            if (cancellable) {
                CancellationScope.throwCanceled();
            }
            if (listed.last()) {
                return;
            }
        }
    }

    /** The compensation: every page up to the last one listed, again from the start. */
    private void restore(ArchiveRequest request, String sagaKey) {
        progress = progress.in(Phase.RESTORING);
        Checkpoint cursor = Checkpoint.START;
        while (cursor.compareTo(progress.cursor()) < 0) {
            EntityPage listed = undoSteps.listEntities(request, cursor);
            if (!listed.entities().isEmpty()) {
                progress = progress.restored(undo.restoreEntities(request, sagaKey, listed.entities()));
            }
            if (listed.last()) {
                return;
            }
            cursor = listed.next();
        }
    }

    /** Runs one activity where a cancel cannot interrupt it. */
    private static <T> T step(Supplier<T> activity) {
        Object[] result = new Object[1];
        Workflow.newDetachedCancellationScope(() -> result[0] = activity.get()).run();
        @SuppressWarnings("unchecked")
        T done = (T) result[0];
        return done;
    }
}

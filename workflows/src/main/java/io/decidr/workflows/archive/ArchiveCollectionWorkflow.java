package io.decidr.workflows.archive;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Archives a collection: its entities page by page, the links other collections' entities hold into them, then the
 * collection. Cancelling it (a Temporal cancel) before the collection itself is archived puts everything back.
 */
@WorkflowInterface
public interface ArchiveCollectionWorkflow {

    /** The workflow id prefix: {@code archive-collection/<tenant>/<collection>}. */
    String ID_PREFIX = "archive-collection";

    /**
     * @param from {@link ArchiveProgress#START}; a run that continues as new hands on its progress
     */
    @WorkflowMethod(name = "ArchiveCollection")
    ArchiveOutcome archive(ArchiveRequest request, ArchiveProgress from);

    @QueryMethod
    ArchiveProgress progress();
}

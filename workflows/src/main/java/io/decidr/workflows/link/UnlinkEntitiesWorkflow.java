package io.decidr.workflows.link;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Unlinks a source entity from a target: the link off the source, then the backlink off the target; a refusal puts the link back. */
@WorkflowInterface
public interface UnlinkEntitiesWorkflow {

    /** The workflow id prefix: {@code unlink/<tenant>/<source>/<attribute>/<target>/<command id>}. */
    String ID_PREFIX = "unlink";

    @WorkflowMethod(name = "UnlinkEntities")
    LinkOutcome unlink(LinkRequest request);
}

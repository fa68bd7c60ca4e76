package io.decidr.workflows.link;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Links a source entity to a target: the link on the source, then the backlink on the target; a refusal undoes the link. */
@WorkflowInterface
public interface LinkEntitiesWorkflow {

    /** The workflow id prefix: {@code link/<tenant>/<source>/<attribute>/<target>/<command id>}. */
    String ID_PREFIX = "link";

    @WorkflowMethod(name = "LinkEntities")
    LinkOutcome link(LinkRequest request);
}

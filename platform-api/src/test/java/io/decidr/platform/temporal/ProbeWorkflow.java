package io.decidr.platform.temporal;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Test only: calls one activity and reports where both ran. */
@WorkflowInterface
public interface ProbeWorkflow {

    @WorkflowMethod
    Report run(String name);

    /** The activity's greeting and the task queues the workflow and its activity ran on. */
    record Report(String greeting, String workflowTaskQueue, String activityTaskQueue) {
    }
}

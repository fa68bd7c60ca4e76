package io.decidr.workflows.job;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs one compute job from start to completion, failure or cancellation (then compensated). */
@WorkflowInterface
public interface ComputeJobWorkflow {

    @WorkflowMethod(name = "ComputeJob")
    JobCounters run(JobInput job);

    /** Where the job stands, as the workflow knows it now. */
    @QueryMethod
    JobCounters progress();
}

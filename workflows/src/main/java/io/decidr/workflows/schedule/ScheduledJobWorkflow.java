package io.decidr.workflows.schedule;

import io.decidr.workflows.job.JobCounters;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run of a schedule of compute jobs: requests the job (as the schedule's user, its parameters checked against the
 * collection as it is now), then runs it as an ordinary job, a child workflow {@code job/<tenant>/<job>} with its
 * progress, cancel and compensation, and ends when it ends. While it runs, the schedule skips its next runs.
 */
@WorkflowInterface
public interface ScheduledJobWorkflow {

    /** @return the job's counters; none when the job was cancelled (it compensated and recorded so) */
    @WorkflowMethod(name = "ScheduledComputeJob")
    JobCounters run(ScheduledJob schedule);
}

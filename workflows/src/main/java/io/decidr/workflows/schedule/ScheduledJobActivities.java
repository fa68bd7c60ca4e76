package io.decidr.workflows.schedule;

import io.decidr.workflows.job.JobInput;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The step of a scheduled run that is not the job itself. */
@ActivityInterface
public interface ScheduledJobActivities {

    /**
     * Requests the run's job as the schedule's user, with the parameters checked as a user's request checks them, and
     * answers its workflow input. The command id derives from {@code runWorkflowId}, so a retry (or a replay) finds the
     * same job; a rejection (the collection archived, parameters that no longer fit its schema) is not retried.
     */
    @ActivityMethod(name = "RequestScheduledJob")
    JobInput request(ScheduledJob schedule, String runWorkflowId);
}

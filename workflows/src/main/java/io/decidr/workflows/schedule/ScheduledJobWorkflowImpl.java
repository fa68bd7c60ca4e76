package io.decidr.workflows.schedule;

import io.decidr.workflows.job.JobCounters;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.job.ComputeJobWorkflow;
import io.decidr.workflows.job.JobWorkflows;
import io.decidr.workflows.saga.Refusal;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/** Requests the run's job, then runs it as a child workflow and ends with it (see {@link ScheduledJobWorkflow}). */
public class ScheduledJobWorkflowImpl implements ScheduledJobWorkflow {

    /** Tries of the request (about 5 minutes): a run that cannot request its job fails, and the schedule shows it. */
    static final int REQUEST_ATTEMPTS = 12;

    private static final Logger log = Workflow.getLogger(ScheduledJobWorkflowImpl.class);

    private final ScheduledJobActivities activities = Workflow.newActivityStub(ScheduledJobActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30))
                            .setMaximumAttempts(REQUEST_ATTEMPTS)
                            .setDoNotRetry(Refusal.NOT_RETRIED).build())
                    .build());

    @Override
    public JobCounters run(ScheduledJob schedule) {
        JobInput job = activities.request(schedule, Workflow.getInfo().getWorkflowId());
        ComputeJobWorkflow child = Workflow.newChildWorkflowStub(ComputeJobWorkflow.class, JobWorkflows.childOptions(job));
        try {
            return child.run(job);
        } catch (ChildWorkflowFailure ended) {
            // the run itself was cancelled (or terminated): its job was asked to cancel too, and did
            CancellationScope.throwCanceled();
            if (ended.getCause() instanceof CanceledFailure) {
                // its user (or an admin) cancelled the job: it compensated and recorded so; the run did what it should
                log.info("scheduled job {} of schedule {} was cancelled", job.jobId(), schedule.scheduleId());
                return JobCounters.NONE;
            }
            throw ended;
        }
    }
}

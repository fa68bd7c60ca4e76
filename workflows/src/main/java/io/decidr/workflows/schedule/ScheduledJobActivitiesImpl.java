package io.decidr.workflows.schedule;

import io.decidr.application.handlers.JobHandler;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.saga.Refusal;
import java.time.Duration;

/** Requests a scheduled run's job as a user's request would (bean {@code scheduledJobActivities}). */
public final class ScheduledJobActivitiesImpl implements ScheduledJobActivities {

    private static final Duration TIMEOUT = Duration.ofSeconds(25);

    private final ComputeJobClient jobs;
    private final JobHandler handler;

    public ScheduledJobActivitiesImpl(ComputeJobClient jobs, JobHandler handler) {
        this.jobs = jobs;
        this.handler = handler;
    }

    /** Opens the parameters the schedule keeps (an import's are sealed with its key) and requests the run's job. */
    @Override
    public JobInput request(ScheduledJob schedule, String runWorkflowId) {
        return Refusal.refusing(() -> handler.openScheduled(schedule.tenantId(), schedule.parameters())
                .map(parameters -> {
                    if (JobHandler.ERASED_PARAMETERS.equals(parameters)) {
                        throw Rejection.invalidState("the schedule was deleted: the parameters it kept are erased");
                    }
                    return parameters;
                })
                .flatMap(parameters -> jobs.request(schedule.requester(), schedule.kind(),
                        new CollectionId(schedule.collectionId()), parameters,
                        JobScheduleClient.runCommandId(runWorkflowId)))
                .block(TIMEOUT));
    }
}

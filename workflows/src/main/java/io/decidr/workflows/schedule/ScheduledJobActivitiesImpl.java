package io.decidr.workflows.schedule;

import io.decidr.application.handlers.ScheduleParameters;
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
    private final ScheduleParameters parameters;

    public ScheduledJobActivitiesImpl(ComputeJobClient jobs, ScheduleParameters parameters) {
        this.jobs = jobs;
        this.parameters = parameters;
    }

    /** Opens the parameters the schedule keeps (an import's are sealed with its key) and requests the run's job. */
    @Override
    public JobInput request(ScheduledJob schedule, String runWorkflowId) {
        return Refusal.refusing(() -> parameters.open(schedule.tenantId(), schedule.kind(), schedule.parameters())
                .map(given -> {
                    if (ScheduleParameters.ERASED.equals(given)) {
                        throw Rejection.invalidState("the schedule was deleted: the parameters it kept are erased");
                    }
                    return given;
                })
                .flatMap(given -> jobs.request(schedule.requester(), schedule.kind(),
                        new CollectionId(schedule.collectionId()), given,
                        JobScheduleClient.runCommandId(runWorkflowId)))
                .block(TIMEOUT));
    }
}

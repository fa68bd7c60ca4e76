package io.decidr.workflows.schedule;

import io.decidr.domain.collection.CollectionId;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.saga.Refusal;
import java.time.Duration;

/** Requests a scheduled run's job as a user's request would (bean {@code scheduledJobActivities}). */
public final class ScheduledJobActivitiesImpl implements ScheduledJobActivities {

    private static final Duration TIMEOUT = Duration.ofSeconds(25);

    private final ComputeJobClient jobs;

    public ScheduledJobActivitiesImpl(ComputeJobClient jobs) {
        this.jobs = jobs;
    }

    @Override
    public JobInput request(ScheduledJob schedule, String runWorkflowId) {
        return Refusal.refusing(() -> jobs.request(schedule.requester(), schedule.kind(),
                new CollectionId(schedule.collectionId()), schedule.parameters(), JobScheduleClient.runCommandId(runWorkflowId))
                .block(TIMEOUT));
    }
}

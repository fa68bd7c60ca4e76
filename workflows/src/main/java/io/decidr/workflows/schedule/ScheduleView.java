package io.decidr.workflows.schedule;

import io.decidr.application.handlers.JobHandler;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobKind;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A schedule as its tenant sees it, read from the Temporal schedule's description.
 *
 * @param scheduleId the Temporal schedule's id
 * @param nextRuns   when it will start its next runs (none while paused)
 * @param recentRuns its latest runs, newest first
 */
public record ScheduleView(UUID id, JobKind kind, UUID collectionId, String parameters, String cron, String timeZone,
        boolean paused, String note, String scheduledBy, Instant createdAt, List<Instant> nextRuns,
        List<ScheduledRun> recentRuns, long runs, long skipped, String scheduleId) {

    /** The memo that keeps the cron expression as given. */
    static final String CRON_MEMO = "cron";
    /** The runs a schedule describes (Temporal keeps the last ten). */
    private static final int NEXT_RUNS = 5;

    /** A run of a schedule: when it was due, when it started, and the job it requested. */
    public record ScheduledRun(Instant scheduledAt, Instant startedAt, UUID jobId, String workflowId) {
    }

    /** The same view with its parameters as given (a schedule keeps an import's sealed). */
    ScheduleView withParameters(String given) {
        return new ScheduleView(id, kind, collectionId, given, cron, timeZone, paused, note, scheduledBy, createdAt,
                nextRuns, recentRuns, runs, skipped, scheduleId);
    }

    static ScheduleView of(UUID tenant, ScheduleDescription description) {
        ScheduledJob job = JobScheduleClient.job(description);
        if (!job.tenantId().equals(tenant)) {
            // ids carry the tenant, so this cannot happen; never show another tenant's schedule if it did
            throw Rejection.notFound("schedule " + job.scheduleId() + " does not exist");
        }
        Schedule schedule = description.getSchedule();
        ScheduleSpec spec = schedule.getSpec();
        Object kept = description.getMemo(CRON_MEMO, String.class);
        String cron = kept instanceof String given ? given : describeCalendar(spec);
        List<ScheduledRun> recent = description.getInfo().getRecentActions().stream()
                .sorted(Comparator.comparing(ScheduleActionResult::getScheduledAt).reversed())
                .map(run -> run(job, run))
                .toList();
        boolean paused = schedule.getState().isPaused();
        return new ScheduleView(job.scheduleId(), job.kind(), job.collectionId(), job.parameters(), cron,
                spec.getTimeZoneName() == null || spec.getTimeZoneName().isEmpty() ? "UTC" : spec.getTimeZoneName(),
                paused, schedule.getState().getNote(), job.user(), description.getInfo().getCreatedAt(),
                paused ? List.of() : description.getInfo().getNextActionTimes().stream().limit(NEXT_RUNS).toList(),
                recent, description.getInfo().getNumActions(), description.getInfo().getNumActionsSkippedOverlap(),
                description.getId());
    }

    /** The server keeps a cron expression as calendars: shown as it was given when it is still there. */
    private static String describeCalendar(ScheduleSpec spec) {
        return spec.getCalendars() == null ? "" : spec.getCalendars().toString();
    }

    private static ScheduledRun run(ScheduledJob job, ScheduleActionResult result) {
        String workflowId = result.getAction() instanceof ScheduleActionExecutionStartWorkflow started
                ? started.getWorkflowId() : null;
        UUID jobId = workflowId == null ? null
                : JobHandler.requestedBy(job.requester(), JobScheduleClient.runCommandId(workflowId)).value();
        return new ScheduledRun(result.getScheduledAt(), result.getStartedAt(), jobId, workflowId);
    }
}

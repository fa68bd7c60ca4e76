package io.decidr.workflows.schedule;

import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.ScheduleParameters;
import io.decidr.domain.access.Role;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobDecider;
import io.decidr.domain.job.JobKind;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.job.JobParameters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compute jobs on a Temporal schedule: each run of schedule {@code schedule/<tenant>/<id>} is a
 * {@link ScheduledJobWorkflow} that requests an ordinary job (as the user who made the schedule, its parameters
 * checked again against the collection) and runs it with its progress, cancel and compensation. A run is skipped while
 * the schedule's previous job still runs; a run missed by more than {@link #CATCH_UP} (the server was down) is skipped.
 *
 * <p>Schedules live in Temporal, under the tenant's {@code TenantId} search attribute (so operators find them in the
 * UI's Schedules page), and are reached only through the requester's tenant: an id of another tenant's schedule is
 * {@code NOT_FOUND}. Members and admins schedule jobs; the schedule's user or an admin pauses, resumes, triggers and
 * deletes it. Temporal's Java test server has no schedules: then every call is {@link SchedulesUnavailable}.
 */
public final class JobScheduleClient {

    /** How late a run may start after a server outage; later, it is skipped. */
    static final Duration CATCH_UP = Duration.ofHours(1);

    private final ScheduleClient schedules;
    private final ComputeJobClient jobs;
    private final ScheduleParameters parameters;
    private final int maxPerTenant;

    public JobScheduleClient(ScheduleClient schedules, ComputeJobClient jobs, ScheduleParameters parameters,
            int maxPerTenant) {
        this.schedules = schedules;
        this.jobs = jobs;
        this.parameters = parameters;
        this.maxPerTenant = maxPerTenant;
    }

    /** The job a run of a schedule requests: the command id derives from the run's workflow id. */
    public static UUID runCommandId(String runWorkflowId) {
        return UUID.nameUUIDFromBytes(runWorkflowId.getBytes(StandardCharsets.UTF_8));
    }

    public Mono<ScheduleView> create(Requester requester, JobKind kind, CollectionId collection, String parameters,
            String cron, String timeZone, UUID commandId) {
        JobDecider.requireMayRun(requester.actor());
        String spec = ScheduleInputs.cron(cron);
        String zone = ScheduleInputs.zone(timeZone);
        if (kind == JobKind.IMPORT && JobParameters.uploadOf(parameters).isPresent()) {
            throw Rejection.validation("params.upload", "an upload is imported once: a schedule imports on every run,"
                    + " give its rows inline (data)");
        }
        UUID id = UUID.nameUUIDFromBytes((requester.commandScope() + "/" + commandId + "/schedule")
                .getBytes(StandardCharsets.UTF_8));
        UUID tenant = requester.tenant().value();
        // an import's rows are kept sealed with the schedule's key, erased when the schedule is deleted
        return jobs.check(requester, kind, collection, parameters)
                .then(this.parameters.seal(requester, id, kind, parameters))
                .flatMap(kept -> ScheduleCalls.blocking(() -> {
                    ScheduleHandle handle = schedules.getHandle(ScheduledJob.scheduleId(tenant, id));
                    if (!exists(handle)) {
                        requireRoom(tenant);
                        createSchedule(ScheduledJob.of(requester, id, kind, collection.value(), kept), spec, zone);
                    }
                    return ScheduleView.of(tenant, handle.describe());
                }))
                .flatMap(view -> opened(tenant, view));
    }

    /**
     * The view with the parameters as given: what the schedule keeps sealed, opened ({@code {"kind":"unavailable"}}
     * while the key store cannot be read: the rest of the view, and what was done to the schedule, stand).
     */
    private Mono<ScheduleView> opened(UUID tenant, ScheduleView view) {
        return parameters.open(tenant, view.kind(), view.parameters())
                .onErrorResume(PersonalDataUnavailableException.class, down -> Mono.just(Sealing.UNAVAILABLE.toString()))
                .map(view::withParameters);
    }

    private void createSchedule(ScheduledJob job, String cron, String zone) {
        String scheduleId = ScheduledJob.scheduleId(job.tenantId(), job.scheduleId());
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(ScheduledJobWorkflow.class)
                        .setArguments(job)
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId(ScheduledJob.runWorkflowId(job.tenantId(), job.scheduleId()))
                                .setTaskQueue(TaskQueues.JOBS)
                                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                        .set(WorkflowSearchAttributes.TENANT_ID, job.tenantId().toString()).build())
                                .setMemo(Map.of("requestedBy", job.user()))
                                .setStaticSummary("Scheduled " + job.kind().name().toLowerCase(java.util.Locale.ROOT)
                                        + " job on collection " + job.collectionId() + " for " + job.user()
                                        + " (schedule " + scheduleId + ")")
                                // with a summary, the SDK (1.38) reads the details back too: without them, describing
                                // the schedule fails on their empty payload
                                .setStaticDetails("Each run requests a " + job.kind().name() + " job as " + job.user()
                                        + " (its parameters checked against the collection as it is then) and runs it"
                                        + " as its child workflow job/" + job.tenantId() + "/<job id>.")
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).setTimeZoneName(zone).build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(CATCH_UP)
                        .build())
                .setState(ScheduleState.newBuilder().setNote("scheduled by " + job.user()).build())
                .build();
        try {
            schedules.createSchedule(scheduleId, schedule, ScheduleOptions.newBuilder()
                    .setTypedSearchAttributes(SearchAttributes.newBuilder()
                            .set(WorkflowSearchAttributes.TENANT_ID, job.tenantId().toString())
                            .set(WorkflowSearchAttributes.JOB_KIND, job.kind().name())
                            .set(WorkflowSearchAttributes.COLLECTION_ID, job.collectionId().toString())
                            .build())
                    // the server keeps a cron expression as calendars: as it was given, it is kept here
                    .setMemo(Map.of("scheduledBy", job.user(), ScheduleView.CRON_MEMO, cron))
                    .build());
        } catch (ScheduleAlreadyRunningException sameCommand) {
            // the same command, sent again while the first was creating it: the schedule stands
        } catch (RuntimeException refused) {
            for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
                if (cause instanceof StatusRuntimeException status
                        && status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    // what the server says of a cron it cannot use: "Minute is not in range [0-59]"
                    throw Rejection.validation("cron", "cron " + cron + " is refused: "
                            + status.getStatus().getDescription().replaceFirst("^Invalid schedule spec: ", ""));
                }
            }
            throw refused;
        }
    }

    public Mono<ScheduleView> find(Requester requester, UUID id) {
        UUID tenant = requester.tenant().value();
        return ScheduleCalls.blocking(() -> ScheduleView.of(tenant, describe(tenant, id)))
                .flatMap(view -> opened(tenant, view));
    }

    /** The tenant's schedules, oldest first (one made a moment ago may take a moment to be listed). */
    public Mono<List<ScheduleView>> list(Requester requester) {
        UUID tenant = requester.tenant().value();
        return ScheduleCalls.blocking(() -> schedules.listSchedules(tenantQuery(tenant), maxPerTenant)
                .limit(maxPerTenant)
                .map(ScheduleListDescription::getScheduleId)
                .map(schedules::getHandle)
                .flatMap(handle -> {
                    try {
                        return java.util.stream.Stream.of(ScheduleView.of(tenant, handle.describe()));
                    } catch (RuntimeException deletedMeanwhile) {
                        if (ScheduleCalls.notFound(deletedMeanwhile)) {
                            return java.util.stream.Stream.empty();
                        }
                        throw deletedMeanwhile;
                    }
                })
                .sorted(Comparator.comparing(ScheduleView::createdAt).thenComparing(ScheduleView::id))
                .toList())
                .flatMapMany(Flux::fromIterable)
                .concatMap(view -> opened(tenant, view))
                .collectList();
    }

    public Mono<ScheduleView> pause(Requester requester, UUID id, String note) {
        return change(requester, id, "pause", handle -> handle.pause(ScheduleInputs.note(note, "paused")));
    }

    public Mono<ScheduleView> resume(Requester requester, UUID id, String note) {
        return change(requester, id, "resume", handle -> handle.unpause(ScheduleInputs.note(note, "resumed")));
    }

    /** Starts a run now (skipped, as any run, while the schedule's previous job still runs). */
    public Mono<ScheduleView> trigger(Requester requester, UUID id) {
        return change(requester, id, "trigger", ScheduleHandle::trigger);
    }

    /**
     * Deletes the schedule; a job it started runs on. Its key is erased first (and with it the import rows it kept, in
     * every copy Temporal holds): should the deletion then fail, its runs are refused until it is deleted again.
     */
    public Mono<Boolean> delete(Requester requester, UUID id) {
        return ScheduleCalls.blocking(() -> authorized(requester, id, "delete"))
                .flatMap(before -> parameters.forget(requester, id, job(before).kind(), job(before).parameters())
                        .then(ScheduleCalls.blocking(() -> {
                            act(before, id, ScheduleHandle::delete);
                            return true;
                        })));
    }

    private Mono<ScheduleView> change(Requester requester, UUID id, String what,
            java.util.function.Consumer<ScheduleHandle> action) {
        UUID tenant = requester.tenant().value();
        return ScheduleCalls.blocking(() -> ScheduleView.of(tenant,
                        act(authorized(requester, id, what), id, action).describe()))
                .flatMap(view -> opened(tenant, view));
    }

    /** The schedule, when the requester may change it: its user or an admin. */
    private ScheduleDescription authorized(Requester requester, UUID id, String what) {
        JobDecider.requireMayRun(requester.actor());
        ScheduleDescription before = describe(requester.tenant().value(), id);
        ScheduledJob job = job(before);
        boolean admin = requester.actor().roles().contains(Role.ADMIN);
        if (!admin && !job.user().equals(requester.actor().user().value())) {
            throw Rejection.forbidden(what + " a schedule: its user (" + job.user() + ") or an admin");
        }
        return before;
    }

    private ScheduleHandle act(ScheduleDescription schedule, UUID id, java.util.function.Consumer<ScheduleHandle> action) {
        ScheduleHandle handle = schedules.getHandle(schedule.getId());
        try {
            action.accept(handle);
        } catch (RuntimeException e) {
            if (ScheduleCalls.notFound(e)) {
                throw Rejection.notFound("schedule " + id + " does not exist");
            }
            throw e;
        }
        return handle;
    }

    private ScheduleDescription describe(UUID tenant, UUID id) {
        try {
            return schedules.getHandle(ScheduledJob.scheduleId(tenant, id)).describe();
        } catch (RuntimeException e) {
            if (ScheduleCalls.notFound(e)) {
                throw Rejection.notFound("schedule " + id + " does not exist");
            }
            throw e;
        }
    }

    private boolean exists(ScheduleHandle handle) {
        try {
            handle.describe();
            return true;
        } catch (RuntimeException e) {
            if (ScheduleCalls.notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private void requireRoom(UUID tenant) {
        long held = schedules.listSchedules(tenantQuery(tenant), maxPerTenant + 1).limit(maxPerTenant + 1L).count();
        if (held >= maxPerTenant) {
            throw Rejection.invalidState("the tenant has " + held + " schedules, the most it may have"
                    + " (decidr.jobs.schedules.max-per-tenant); delete one first");
        }
    }

    private static String tenantQuery(UUID tenant) {
        return WorkflowSearchAttributes.TENANT_ID.getName() + " = '" + tenant + "'";
    }

    /** What the schedule starts on each run, as it keeps it (an import's parameters sealed). */
    public static ScheduledJob job(ScheduleDescription description) {
        ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) description.getSchedule().getAction();
        return action.getArguments().get(0, ScheduledJob.class);
    }
}

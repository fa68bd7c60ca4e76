package io.decidr.workflows.schedule;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a schedule starts on each run: a job of a kind on a collection with its parameters, requested as the user who
 * made the schedule (with the roles they had then). The schedule's id names its runs' workflows and so their jobs.
 *
 * @param parameters the job's parameters as JSON text, checked again on every run against the collection as it is then
 */
public record ScheduledJob(UUID tenantId, String user, List<Role> roles, UUID scheduleId, JobKind kind,
        UUID collectionId, String parameters) {

    public ScheduledJob {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(user, "user");
        roles = List.copyOf(roles);
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(parameters, "parameters");
    }

    public static ScheduledJob of(Requester requester, UUID scheduleId, JobKind kind, UUID collectionId,
            String parameters) {
        return new ScheduledJob(requester.tenant().value(), requester.actor().user().value(),
                List.copyOf(requester.actor().roles()), scheduleId, kind, collectionId, parameters);
    }

    /** The Temporal schedule's id: {@code schedule/<tenant>/<schedule id>}. */
    public static String scheduleId(UUID tenantId, UUID scheduleId) {
        return "schedule/" + tenantId + "/" + scheduleId;
    }

    /**
     * The workflow id the schedule gives its runs; the server appends each run's due time
     * ({@code schedule/<tenant>/<id>/run-2026-12-03T03:00:00Z}).
     */
    public static String runWorkflowId(UUID tenantId, UUID scheduleId) {
        return scheduleId(tenantId, scheduleId) + "/run";
    }

    public Requester requester() {
        return new Requester(new TenantId(tenantId), new Actor(new UserId(user), roles.stream().collect(Collectors.toSet())));
    }
}

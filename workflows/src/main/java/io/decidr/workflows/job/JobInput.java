package io.decidr.workflows.job;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A job's workflow input: whose job it is, on what, and (after {@code continueAsNew}) where it got to. The job's
 * parameters are not in it: activities read them from the job's {@code job.requested} event, so the workflow's
 * history stays small whatever the size of an import.
 *
 * @param position where the next chunk starts ({@code null}: at the beginning)
 * @param counters what was done so far
 * @param started  whether the job's start is recorded (false only in the first run)
 * @param retry    how often its steps are tried (the job kind's setting when it was requested); a job started before
 *                 retries were finite gets {@link JobRetry#DEFAULT}
 * @param chunksPerRun chunks a run of its workflow works through before it continues as new
 *                 ({@code decidr.jobs.chunks-per-run} when it was requested); 0 for a job started before it was set:
 *                 {@link #DEFAULT_CHUNKS_PER_RUN}
 */
public record JobInput(UUID tenantId, String user, List<Role> roles, UUID jobId, JobKind kind, UUID collectionId,
        String position, JobCounters counters, boolean started, JobRetry retry, int chunksPerRun) {

    /** Chunks per run unless set otherwise: each costs a handful of history events. */
    public static final int DEFAULT_CHUNKS_PER_RUN = 100;
    /** At most this many per run: a run's history stays well below Temporal's limits. */
    public static final int MAX_CHUNKS_PER_RUN = 1_000;

    /** Who the workflow reports as: the platform's worker, an operator of the job's tenant. */
    public static final String WORKER = "decidr-worker";

    public JobInput {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(user, "user");
        roles = List.copyOf(roles);
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(counters, "counters");
        retry = retry == null ? JobRetry.DEFAULT : retry;
        if (chunksPerRun < 0 || chunksPerRun > MAX_CHUNKS_PER_RUN) {
            throw new IllegalArgumentException("chunksPerRun must be 1 to " + MAX_CHUNKS_PER_RUN + " (0: the default)");
        }
        chunksPerRun = chunksPerRun == 0 ? DEFAULT_CHUNKS_PER_RUN : chunksPerRun;
    }

    public static JobInput first(Requester requester, JobId job, JobKind kind, CollectionId collection, JobRetry retry) {
        return first(requester, job, kind, collection, retry, DEFAULT_CHUNKS_PER_RUN);
    }

    public static JobInput first(Requester requester, JobId job, JobKind kind, CollectionId collection, JobRetry retry,
            int chunksPerRun) {
        return new JobInput(requester.tenant().value(), requester.actor().user().value(),
                List.copyOf(requester.actor().roles()), job.value(), kind, collection.value(), null, JobCounters.NONE, false,
                Objects.requireNonNull(retry, "retry"), chunksPerRun);
    }

    /** The workflow id of a job: {@code job/<tenant>/<job id>}. */
    public static String workflowId(UUID tenantId, UUID jobId) {
        return "job/" + tenantId + "/" + jobId;
    }

    public String workflowId() {
        return workflowId(tenantId, jobId);
    }

    /** The user who requested the job: the entity commands run as them, sent by the job (their cause). */
    public Requester requester() {
        return new Requester(new TenantId(tenantId), new Actor(new UserId(user), roles.stream().collect(Collectors.toSet())))
                .inProcess(jobId);
    }

    /** The worker, for the job's own reports (caused by the job). */
    public Requester worker() {
        return worker(tenantId).inProcess(jobId);
    }

    /** The worker of a tenant's jobs, for reports on a job that has no workflow input (e.g. one that never started). */
    public static Requester worker(UUID tenantId) {
        return new Requester(new TenantId(tenantId), new Actor(new UserId(WORKER), Set.of(Role.OPERATOR)));
    }

    public JobId job() {
        return new JobId(jobId);
    }

    public CollectionId collection() {
        return new CollectionId(collectionId);
    }

    /** A command id for one effect of this job, the same every time the effect is attempted. */
    public UUID commandId(String purpose, String item) {
        return commandId(tenantId, jobId, purpose, item);
    }

    /** The id of one effect of a job, the same every time it is attempted. */
    public static UUID commandId(UUID tenantId, UUID jobId, String purpose, String item) {
        return UUID.nameUUIDFromBytes((workflowId(tenantId, jobId) + "/" + purpose + "/" + item).getBytes(StandardCharsets.UTF_8));
    }

    JobInput continueAt(String next, JobCounters now) {
        return new JobInput(tenantId, user, roles, jobId, kind, collectionId, next, now, true, retry, chunksPerRun);
    }
}

package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.CollectionStatus;
import io.decidr.domain.job.CompleteJob;
import io.decidr.domain.job.FailJob;
import io.decidr.domain.job.JobCommand;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobSummary;
import io.decidr.domain.job.RecordCancelled;
import io.decidr.domain.job.RecordCompensated;
import io.decidr.domain.job.RecordProgress;
import io.decidr.domain.job.RequestCancel;
import io.decidr.domain.job.RequestJob;
import io.decidr.domain.job.StartJob;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Job commands. Users request and cancel jobs; the workflow running a job reports on it through the other
 * methods, as a requester with the {@code OPERATOR} role, and gives each report a command id of its own that a
 * retry repeats. Requesting looks up the job's collection.
 */
public final class JobHandler {

    private final CommandBus bus;
    private final TenantGate tenants;

    public JobHandler(CommandBus bus, TenantGate tenants) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /** Requests a job on the collection; its id is derived from the command id. */
    public Mono<Result> request(
            Requester requester, JobKind kind, CollectionId collection, String parameters, UUID commandId) {
        JobId id = requestedBy(requester, commandId);
        return bus.load(Aggregates.COLLECTION, requester.tenant().value(), collection.value())
                .map(loaded -> !loaded.state().exists() ? CollectionStatus.MISSING
                        : loaded.state().archived() ? CollectionStatus.ARCHIVED : CollectionStatus.ACTIVE)
                .flatMap(status -> send(requester,
                        ctx -> new RequestJob(ctx, id, kind, collection, status, parameters), commandId));
    }

    /**
     * The job's request as recorded, its parameters included (the job's state leaves them out); NOT_FOUND when the job
     * was never requested in the requester's tenant.
     */
    public Mono<JobRequested> requested(Requester requester, JobId id) {
        UUID tenant = requester.tenant().value();
        return bus.store().readStream(Aggregates.JOB.stream(tenant, id.value()), 1, 1)
                .flatMap(first -> bus.decoded(Aggregates.JOB, tenant, first))
                .map(first -> {
                    if (first.isEmpty() || !(first.getFirst() instanceof JobRequested requested)) {
                        throw Rejection.notFound("job " + id + " was never requested");
                    }
                    return requested;
                });
    }

    /**
     * Erases an import's parameters once it ended: rows given inline may hold personal values, which must not outlive
     * the entities they went into (the import's uploaded file is deleted alike). Repeating it changes nothing.
     */
    public Mono<Void> forgetParameters(Requester requester, JobId id) {
        return bus.keys().erase(requester.tenant().value(), id.value(), "decidr-jobs",
                "the import ended: its rows are not kept").then();
    }

    /** The id {@link #request} gives the job of a command: the same for every attempt of that command. */
    public static JobId requestedBy(Requester requester, UUID commandId) {
        return new JobId(CommandIds.derive(requester, commandId, "job"));
    }

    /** The workflow started the job; {@code total} is the items it will work through, -1 when not known yet. */
    public Mono<Result> start(
            Requester requester, JobId id, long total, String workflowId, String runId, UUID commandId) {
        return send(requester, ctx -> new StartJob(ctx, id, total, workflowId, runId), commandId);
    }

    /** A report with a lower {@code done} than recorded is accepted and changes nothing. */
    public Mono<Result> progress(
            Requester requester, JobId id, long done, long total, String lastError, UUID commandId) {
        return send(requester, ctx -> new RecordProgress(ctx, id, done, total, lastError), commandId);
    }

    public Mono<Result> complete(Requester requester, JobId id, JobSummary summary, UUID commandId) {
        return send(requester, ctx -> new CompleteJob(ctx, id, summary), commandId);
    }

    public Mono<Result> fail(Requester requester, JobId id, String error, UUID commandId) {
        return send(requester, ctx -> new FailJob(ctx, id, error), commandId);
    }

    /** Asks to cancel the job: its requester or an admin. Stopping the workflow is the caller's next step. */
    public Mono<Result> requestCancel(Requester requester, JobId id, UUID commandId) {
        return send(requester, ctx -> new RequestCancel(ctx, id), commandId);
    }

    public Mono<Result> cancelled(Requester requester, JobId id, UUID commandId) {
        return send(requester, ctx -> new RecordCancelled(ctx, id), commandId);
    }

    public Mono<Result> compensated(Requester requester, JobId id, long restored, UUID commandId) {
        return send(requester, ctx -> new RecordCompensated(ctx, id, restored), commandId);
    }

    private Mono<Result> send(Requester requester, Function<CommandContext, JobCommand> command, UUID commandId) {
        return Dispatch.resultInTenant(bus, tenants, Aggregates.JOB, requester, command, commandId);
    }
}

package io.decidr.domain.job;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.List;
import java.util.Objects;

/**
 * Decides job commands along the lifecycle described at {@link JobStatus}.
 *
 * <ul>
 *   <li>Users: members and admins request jobs (like changing entities) and, while the tenant is active, ask
 *       to cancel one: its requester or an admin.</li>
 *   <li>The workflow reports start, progress and outcome acting with the {@code OPERATOR} role. Its reports are
 *       accepted while the tenant is suspended: they record work that happened (a job stopped by the suspension
 *       must still be recorded as failed).</li>
 *   <li>Activities are retried: a report repeated with the same details is a no-op, never an error.</li>
 * </ul>
 */
public final class JobDecider implements Decider<JobCommand, JobState, JobEvent> {

    /** The total of a job that does not know yet how many items it has. */
    public static final long UNKNOWN_TOTAL = -1;
    public static final int MAX_PARAMETERS_LENGTH = 65_536;
    public static final int MAX_ERROR_LENGTH = 2_000;
    /** Temporal's default limit for workflow and run ids. */
    public static final int MAX_WORKFLOW_REFERENCE_LENGTH = 1_000;

    public static final JobDecider INSTANCE = new JobDecider();

    private JobDecider() {
    }

    @Override
    public JobState initialState() {
        return JobState.initial();
    }

    @Override
    public List<JobEvent> decide(JobCommand command, JobState state) {
        authorize(command);
        return switch (command) {
            case RequestJob c -> request(c, state);
            case StartJob c -> start(c, existing(c, state));
            case RecordProgress c -> progress(c, existing(c, state));
            case CompleteJob c -> complete(c, existing(c, state));
            case FailJob c -> fail(c, existing(c, state));
            case RequestCancel c -> requestCancel(c, existing(c, state));
            case RecordCancelled c -> cancelled(c, existing(c, state));
            case RecordCompensated c -> compensated(c, existing(c, state));
        };
    }

    @Override
    public JobState evolve(JobState state, JobEvent event) {
        return switch (event) {
            case JobRequested e -> JobState.requested(e.id(), e.kind(), e.collection(), e.requestedBy());
            case JobStarted e -> state.withStart(e.workflowId(), e.total());
            case JobProgressed e -> state.withProgress(e.done(), e.total(), e.lastError());
            case JobCompleted e -> state.asCompleted(e.summary());
            case JobFailed e -> state.asFailed(e.error());
            case JobCancelRequested e -> state.withCancelRequested();
            case JobCancelled e -> state.asCancelled();
            case JobCompensated e -> state.asCompensated(e.restored());
        };
    }

    private static List<JobEvent> request(RequestJob c, JobState state) {
        if (state.exists()) {
            throw Rejection.alreadyExists("job " + c.id() + " already exists");
        }
        switch (c.collectionStatus()) {
            case ACTIVE -> { }
            case ARCHIVED -> throw Rejection.archived("collection " + c.collection() + " is archived");
            case MISSING -> throw Rejection.notFound("collection " + c.collection() + " does not exist");
        }
        String parameters = TextInput.stripped(c.parameters(), "parameters", MAX_PARAMETERS_LENGTH);
        return List.of(new JobRequested(c.id(), c.kind(), c.collection(), parameters, c.ctx().actor().user()));
    }

    private static List<JobEvent> start(StartJob c, JobState state) {
        String workflowId = TextInput.stripped(c.workflowId(), "workflowId", MAX_WORKFLOW_REFERENCE_LENGTH);
        String runId = TextInput.stripped(c.runId(), "runId", MAX_WORKFLOW_REFERENCE_LENGTH);
        requireTotal(c.total());
        requireOpen(c, state);
        if (state.started()) {
            if (state.workflowId().equals(workflowId)) {
                return List.of();
            }
            throw Rejection.invalidState("job " + c.id() + " is run by workflow " + state.workflowId()
                    + ", not " + workflowId);
        }
        return List.of(new JobStarted(c.id(), workflowId, runId, c.total()));
    }

    private static List<JobEvent> progress(RecordProgress c, JobState state) {
        if (c.done() < 0) {
            throw Rejection.validation("done", "done must not be negative");
        }
        requireTotal(c.total());
        if (c.total() != UNKNOWN_TOTAL && c.done() > c.total()) {
            throw Rejection.validation("done", "done (" + c.done() + ") must not exceed total (" + c.total() + ")");
        }
        String lastError = optionalError(c.lastError());
        requireStarted(c, state);
        boolean late = c.done() < state.done();
        boolean repeated = c.done() == state.done() && c.total() == state.total()
                && Objects.equals(lastError, state.lastError());
        return late || repeated ? List.of() : List.of(new JobProgressed(c.id(), c.done(), c.total(), lastError));
    }

    private static List<JobEvent> complete(CompleteJob c, JobState state) {
        JobSummary summary = c.summary();
        requireCount(summary.created(), "summary.created");
        requireCount(summary.updated(), "summary.updated");
        requireCount(summary.skipped(), "summary.skipped");
        if (sameOutcome(c, state, JobStatus.COMPLETED, summary.equals(state.summary()))) {
            return List.of();
        }
        requireStarted(c, state);
        return List.of(new JobCompleted(c.id(), summary));
    }

    private static List<JobEvent> fail(FailJob c, JobState state) {
        String error = TextInput.stripped(c.error(), "error", MAX_ERROR_LENGTH);
        if (sameOutcome(c, state, JobStatus.FAILED, error.equals(state.error()))) {
            return List.of();
        }
        return List.of(new JobFailed(c.id(), error));
    }

    private static List<JobEvent> requestCancel(RequestCancel c, JobState state) {
        UserId actor = c.ctx().actor().user();
        if (!actor.equals(state.requestedBy()) && !c.ctx().actor().has(Role.ADMIN)) {
            throw Rejection.forbidden(actor + " may not cancel job " + c.id() + ": only its requester or an admin may");
        }
        requireOpen(c, state);
        return state.status() == JobStatus.CANCELLING ? List.of() : List.of(new JobCancelRequested(c.id(), actor));
    }

    private static List<JobEvent> cancelled(RecordCancelled c, JobState state) {
        return sameOutcome(c, state, JobStatus.CANCELLED, true) ? List.of() : List.of(new JobCancelled(c.id()));
    }

    private static List<JobEvent> compensated(RecordCompensated c, JobState state) {
        requireCount(c.restored(), "restored");
        if (sameOutcome(c, state, JobStatus.COMPENSATED, c.restored() == state.restored())) {
            return List.of();
        }
        return List.of(new JobCompensated(c.id(), c.restored()));
    }

    /**
     * True when the job already ended with {@code outcome} and the same details (a retried report); an
     * INVALID_STATE rejection when it ended otherwise; false while it is open.
     */
    private static boolean sameOutcome(JobCommand c, JobState state, JobStatus outcome, boolean sameDetails) {
        if (state.status() == outcome && sameDetails) {
            return true;
        }
        requireOpen(c, state);
        return false;
    }

    private static void requireOpen(JobCommand c, JobState state) {
        if (state.status().terminal()) {
            throw Rejection.invalidState("job " + c.id() + " has already ended: " + state.status());
        }
    }

    private static void requireStarted(JobCommand c, JobState state) {
        requireOpen(c, state);
        if (!state.started()) {
            throw Rejection.invalidState("job " + c.id() + " has not started");
        }
    }

    /**
     * {@code FORBIDDEN} unless the actor may run jobs (members and admins), as the decider checks on a request;
     * callers check it before parsing and checking a job's parameters.
     */
    public static void requireMayRun(Actor actor) {
        Authorization.requireRole(actor, "run jobs", Role.MEMBER, Role.ADMIN);
    }

    private static void authorize(JobCommand command) {
        CommandContext ctx = command.ctx();
        switch (command) {
            case RequestJob c -> Authorization.require(ctx, "run jobs", Role.MEMBER, Role.ADMIN);
            // stopping work is allowed in a suspended tenant: it is what the suspension asks for
            case RequestCancel c -> Authorization.requireRole(ctx.actor(), "cancel jobs", Role.MEMBER, Role.ADMIN);
            // no suspension check for the workflow's reports: they record work that happened
            case JobReport c -> Authorization.requireRole(ctx.actor(), "report on jobs", Role.OPERATOR);
        }
    }

    private static void requireTotal(long total) {
        if (total < UNKNOWN_TOTAL) {
            throw Rejection.validation("total", "total must not be negative (" + UNKNOWN_TOTAL + ": not known)");
        }
    }

    private static void requireCount(long count, String field) {
        if (count < 0) {
            throw Rejection.validation(field, field + " must not be negative");
        }
    }

    private static String optionalError(String raw) {
        return raw == null || raw.isBlank() ? null : TextInput.stripped(raw, "lastError", MAX_ERROR_LENGTH);
    }

    private static JobState existing(JobCommand c, JobState state) {
        if (!state.exists()) {
            throw Rejection.notFound("job " + c.id() + " does not exist");
        }
        return state;
    }
}

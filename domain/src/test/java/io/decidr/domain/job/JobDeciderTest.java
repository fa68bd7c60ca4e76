package io.decidr.domain.job;

import static io.decidr.domain.decider.RejectionCode.ALREADY_EXISTS;
import static io.decidr.domain.decider.RejectionCode.ARCHIVED;
import static io.decidr.domain.decider.RejectionCode.FORBIDDEN;
import static io.decidr.domain.decider.RejectionCode.INVALID_STATE;
import static io.decidr.domain.decider.RejectionCode.NOT_FOUND;
import static io.decidr.domain.decider.RejectionCode.TENANT_SUSPENDED;
import static io.decidr.domain.decider.RejectionCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.DeciderSpec;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JobDeciderTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final UserId ANN = new UserId("ann");
    private static final UserId BEN = new UserId("ben");
    private static final UserId ADA = new UserId("ada");
    private static final UserId WORKER = new UserId("worker");
    private static final CommandContext ANN_MEMBER = context(ANN, false, Role.MEMBER);
    private static final CommandContext BEN_MEMBER = context(BEN, false, Role.MEMBER);
    private static final CommandContext ADA_ADMIN = context(ADA, false, Role.ADMIN);
    private static final CommandContext OPERATOR = context(WORKER, false, Role.OPERATOR);

    private static final JobId ID = new JobId(new UUID(0xf, 1));
    private static final CollectionId COLLECTION = new CollectionId(new UUID(0xc, 1));
    private static final String PARAMETERS = "{\"rows\":[[\"Initech\"]]}";
    private static final String WORKFLOW = "job/" + TENANT + "/" + ID;
    private static final JobSummary SUMMARY = new JobSummary(7, 2, 1);

    private static final JobRequested REQUESTED = new JobRequested(ID, JobKind.IMPORT, COLLECTION, PARAMETERS, ANN);
    private static final JobStarted STARTED = new JobStarted(ID, WORKFLOW, "run-1", 10);
    private static final JobProgressed AT_FOUR = new JobProgressed(ID, 4, 10, null);
    private static final JobCancelRequested CANCEL_REQUESTED = new JobCancelRequested(ID, ANN);
    private static final JobCompleted COMPLETED = new JobCompleted(ID, SUMMARY);
    private static final JobFailed FAILED = new JobFailed(ID, "row 5: no such column");
    private static final JobCancelled CANCELLED = new JobCancelled(ID);
    private static final JobCompensated COMPENSATED = new JobCompensated(ID, 4);

    private final DeciderSpec<JobCommand, JobState, JobEvent> spec = DeciderSpec.of(JobDecider.INSTANCE);

    // --- requesting

    @Test
    void membersAndAdminsRequestJobsAsTheirRequester() {
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, "  " + PARAMETERS + "\n")).then(REQUESTED);
        spec.given().when(new RequestJob(ADA_ADMIN, ID, JobKind.FORMULA, COLLECTION, CollectionStatus.ACTIVE, "{}"))
                .then(new JobRequested(ID, JobKind.FORMULA, COLLECTION, "{}", ADA));
    }

    @Test
    void operatorsAndPlatformAdminsDoNotRequestJobs() {
        spec.given().when(request(context(WORKER, false, Role.OPERATOR, Role.PLATFORM_ADMIN), CollectionStatus.ACTIVE,
                PARAMETERS)).thenRejected(FORBIDDEN);
    }

    @Test
    void requestingTwiceIsRejected() {
        spec.given(REQUESTED).when(request(ANN_MEMBER, CollectionStatus.ACTIVE, PARAMETERS)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void aJobNeedsAnActiveCollection() {
        spec.given().when(request(ANN_MEMBER, CollectionStatus.MISSING, PARAMETERS)).thenRejected(NOT_FOUND);
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ARCHIVED, PARAMETERS)).thenRejected(ARCHIVED);
    }

    @Test
    void parametersAreBoundedInSizeOnly() {
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, null)).thenRejected(VALIDATION_FAILED, "parameters");
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, " ")).thenRejected(VALIDATION_FAILED, "parameters");
        String largest = "\"" + "x".repeat(JobDecider.MAX_PARAMETERS_LENGTH - 2) + "\"";
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, largest + "x"))
                .thenRejected(VALIDATION_FAILED, "parameters");
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, largest))
                .then(new JobRequested(ID, JobKind.IMPORT, COLLECTION, largest, ANN));
        // not parsed: what the parameters mean is the workflow's business
        spec.given().when(request(ANN_MEMBER, CollectionStatus.ACTIVE, "not json"))
                .then(new JobRequested(ID, JobKind.IMPORT, COLLECTION, "not json", ANN));
    }

    @Test
    void requestingAJobIsRejectedWhileTheTenantIsSuspendedButCancellingOneIsNot() {
        spec.given().when(request(context(ANN, true, Role.MEMBER), CollectionStatus.ACTIVE, PARAMETERS))
                .thenRejected(TENANT_SUSPENDED);
        spec.given(REQUESTED, STARTED).when(new RequestCancel(context(ANN, true, Role.MEMBER), ID))
                .then(new JobCancelRequested(ID, ANN));
    }

    // --- who reports

    @Test
    void onlyOperatorsReport() {
        for (CommandContext user : List.of(ANN_MEMBER, ADA_ADMIN, context(ADA, false, Role.PLATFORM_ADMIN))) {
            for (Function<CommandContext, JobCommand> report : reports()) {
                spec.given(REQUESTED, STARTED).when(report.apply(user)).thenRejected(FORBIDDEN);
            }
        }
    }

    @Test
    void reportsAreAcceptedWhileTheTenantIsSuspended() {
        CommandContext suspended = context(WORKER, true, Role.OPERATOR);
        spec.given(REQUESTED).when(start(suspended, WORKFLOW, 10)).then(STARTED);
        spec.given(REQUESTED, STARTED).when(new RecordProgress(suspended, ID, 4, 10, null)).then(AT_FOUR);
        spec.given(REQUESTED, STARTED).when(new CompleteJob(suspended, ID, SUMMARY)).then(COMPLETED);
        spec.given(REQUESTED, STARTED).when(new FailJob(suspended, ID, FAILED.error())).then(FAILED);
        spec.given(REQUESTED, STARTED).when(new RecordCancelled(suspended, ID)).then(CANCELLED);
        spec.given(REQUESTED, STARTED).when(new RecordCompensated(suspended, ID, 4)).then(COMPENSATED);
    }

    @Test
    void everyCommandButARequestNeedsAnExistingJob() {
        spec.given().when(new RequestCancel(ANN_MEMBER, ID)).thenRejected(NOT_FOUND);
        for (Function<CommandContext, JobCommand> report : reports()) {
            spec.given().when(report.apply(OPERATOR)).thenRejected(NOT_FOUND);
        }
    }

    // --- starting

    @Test
    void theWorkflowStartsARequestedJob() {
        spec.given(REQUESTED).when(start(OPERATOR, WORKFLOW, 10)).then(STARTED);
        spec.given(REQUESTED).when(new StartJob(OPERATOR, ID, JobDecider.UNKNOWN_TOTAL, WORKFLOW, "run-1"))
                .then(new JobStarted(ID, WORKFLOW, "run-1", -1));
        assertThat(spec.given(REQUESTED, STARTED).state().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void startingAgainFromTheSameWorkflowChangesNothing() {
        spec.given(REQUESTED, STARTED).when(start(OPERATOR, WORKFLOW, 10)).thenNoEvents();
        // a later run of the same workflow (continue-as-new) reports starting too
        spec.given(REQUESTED, STARTED, AT_FOUR).when(new StartJob(OPERATOR, ID, 12, WORKFLOW, "run-2")).thenNoEvents();
    }

    @Test
    void anotherWorkflowCannotStartAStartedJob() {
        spec.given(REQUESTED, STARTED).when(start(OPERATOR, "job/other", 10)).thenRejected(INVALID_STATE);
    }

    @Test
    void aJobWhoseCancelWasAskedForBeforeItStartedRecordsTheStartAndStaysCancelling() {
        spec.given(REQUESTED, CANCEL_REQUESTED).when(start(OPERATOR, WORKFLOW, 10)).then(STARTED);
        JobState state = spec.given(REQUESTED, CANCEL_REQUESTED, STARTED).state();
        assertThat(state.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(state.workflowId()).isEqualTo(WORKFLOW);
        spec.given(REQUESTED, CANCEL_REQUESTED, STARTED).when(start(OPERATOR, WORKFLOW, 10)).thenNoEvents();
    }

    @Test
    void startingNeedsAWorkflowARunAndAPlausibleTotal() {
        spec.given(REQUESTED).when(start(OPERATOR, " ", 10)).thenRejected(VALIDATION_FAILED, "workflowId");
        spec.given(REQUESTED).when(start(OPERATOR, "w".repeat(1_001), 10)).thenRejected(VALIDATION_FAILED, "workflowId");
        spec.given(REQUESTED).when(new StartJob(OPERATOR, ID, 10, WORKFLOW, null)).thenRejected(VALIDATION_FAILED, "runId");
        spec.given(REQUESTED).when(start(OPERATOR, WORKFLOW, -2)).thenRejected(VALIDATION_FAILED, "total");
    }

    // --- progress

    @Test
    void progressIsRecorded() {
        spec.given(REQUESTED, STARTED).when(progress(4, 10, null)).then(AT_FOUR);
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(6, 11, "  row 5: bad date ")
                ).then(new JobProgressed(ID, 6, 11, "row 5: bad date"));
        spec.given(REQUESTED, STARTED).when(progress(3, JobDecider.UNKNOWN_TOTAL, null))
                .then(new JobProgressed(ID, 3, -1, null));
        assertThat(spec.given(REQUESTED, STARTED, AT_FOUR).state())
                .extracting(JobState::done, JobState::total, JobState::status)
                .containsExactly(4L, 10L, JobStatus.RUNNING);
    }

    @Test
    void progressOnlyMovesForward() {
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(3, 10, null)).thenNoEvents();
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(3, 12, "late")).thenNoEvents();
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(4, 10, null)).thenNoEvents();
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(4, 10, " ")).thenNoEvents();
        // the same count with news (the total became known, an error) is recorded
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(4, 12, null)).then(new JobProgressed(ID, 4, 12, null));
        spec.given(REQUESTED, STARTED, AT_FOUR).when(progress(4, 10, "row 4: skipped"))
                .then(new JobProgressed(ID, 4, 10, "row 4: skipped"));
    }

    @Test
    void progressNeedsAStartedOpenJob() {
        spec.given(REQUESTED).when(progress(1, 10, null)).thenRejected(INVALID_STATE);
        spec.given(REQUESTED, CANCEL_REQUESTED).when(progress(1, 10, null)).thenRejected(INVALID_STATE);
        // a job still working before it sees the cancel
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(progress(4, 10, null)).then(AT_FOUR);
        assertThat(spec.given(REQUESTED, STARTED, CANCEL_REQUESTED, AT_FOUR).state().status())
                .isEqualTo(JobStatus.CANCELLING);
    }

    @Test
    void progressNeedsPlausibleCounts() {
        spec.given(REQUESTED, STARTED).when(progress(-1, 10, null)).thenRejected(VALIDATION_FAILED, "done");
        spec.given(REQUESTED, STARTED).when(progress(11, 10, null)).thenRejected(VALIDATION_FAILED, "done");
        spec.given(REQUESTED, STARTED).when(progress(1, -2, null)).thenRejected(VALIDATION_FAILED, "total");
        spec.given(REQUESTED, STARTED).when(progress(1, 10, "e".repeat(2_001)))
                .thenRejected(VALIDATION_FAILED, "lastError");
        spec.given(REQUESTED, STARTED).when(progress(10, 10, "e".repeat(2_000)))
                .then(new JobProgressed(ID, 10, 10, "e".repeat(2_000)));
    }

    // --- outcomes

    @Test
    void theWorkflowCompletesAStartedJob() {
        spec.given(REQUESTED, STARTED, AT_FOUR).when(new CompleteJob(OPERATOR, ID, SUMMARY)).then(COMPLETED);
        // it finished before it saw the cancel
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(new CompleteJob(OPERATOR, ID, SUMMARY)).then(COMPLETED);
    }

    @Test
    void aJobThatNeverStartedCannotComplete() {
        spec.given(REQUESTED).when(new CompleteJob(OPERATOR, ID, SUMMARY)).thenRejected(INVALID_STATE);
        spec.given(REQUESTED, CANCEL_REQUESTED).when(new CompleteJob(OPERATOR, ID, SUMMARY)).thenRejected(INVALID_STATE);
    }

    @Test
    void summaryCountsAreNotNegative() {
        spec.given(REQUESTED, STARTED).when(new CompleteJob(OPERATOR, ID, new JobSummary(-1, 0, 0)))
                .thenRejected(VALIDATION_FAILED, "summary.created");
        spec.given(REQUESTED, STARTED).when(new CompleteJob(OPERATOR, ID, new JobSummary(0, -1, 0)))
                .thenRejected(VALIDATION_FAILED, "summary.updated");
        spec.given(REQUESTED, STARTED).when(new CompleteJob(OPERATOR, ID, new JobSummary(0, 0, -1)))
                .thenRejected(VALIDATION_FAILED, "summary.skipped");
    }

    @Test
    void anOpenJobFails() {
        for (List<JobEvent> open : List.<List<JobEvent>>of(List.of(REQUESTED), List.of(REQUESTED, STARTED),
                List.of(REQUESTED, STARTED, CANCEL_REQUESTED))) {
            spec.given(open).when(new FailJob(OPERATOR, ID, " row 5: no such column\n")).then(FAILED);
        }
    }

    @Test
    void failingNeedsAnError() {
        spec.given(REQUESTED, STARTED).when(new FailJob(OPERATOR, ID, null)).thenRejected(VALIDATION_FAILED, "error");
        spec.given(REQUESTED, STARTED).when(new FailJob(OPERATOR, ID, "e".repeat(2_001)))
                .thenRejected(VALIDATION_FAILED, "error");
    }

    @Test
    void anOpenJobIsRecordedCancelledOrCompensated() {
        for (List<JobEvent> open : List.<List<JobEvent>>of(List.of(REQUESTED), List.of(REQUESTED, STARTED),
                List.of(REQUESTED, CANCEL_REQUESTED), List.of(REQUESTED, STARTED, AT_FOUR, CANCEL_REQUESTED))) {
            spec.given(open).when(new RecordCancelled(OPERATOR, ID)).then(CANCELLED);
            spec.given(open).when(new RecordCompensated(OPERATOR, ID, 4)).then(COMPENSATED);
        }
    }

    @Test
    void restoredIsNotNegative() {
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(new RecordCompensated(OPERATOR, ID, -1))
                .thenRejected(VALIDATION_FAILED, "restored");
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(new RecordCompensated(OPERATOR, ID, 0))
                .then(new JobCompensated(ID, 0));
    }

    @Test
    void anEndedJobAcceptsOnlyTheSameOutcomeAgainAsANoOp() {
        Map<JobEvent, Function<CommandContext, JobCommand>> outcomes = Map.of(
                COMPLETED, ctx -> new CompleteJob(ctx, ID, SUMMARY),
                FAILED, ctx -> new FailJob(ctx, ID, "row 5: no such column "),
                CANCELLED, ctx -> new RecordCancelled(ctx, ID),
                COMPENSATED, ctx -> new RecordCompensated(ctx, ID, 4));
        outcomes.forEach((outcome, repeat) -> {
            List<JobEvent> ended = List.of(REQUESTED, STARTED, AT_FOUR, CANCEL_REQUESTED, outcome);
            assertThat(spec.given(ended).state().status().terminal()).isTrue();
            spec.given(ended).when(repeat.apply(OPERATOR)).thenNoEvents();
            for (Function<CommandContext, JobCommand> other : reports()) {
                JobCommand command = other.apply(OPERATOR);
                if (!command.equals(repeat.apply(OPERATOR))) {
                    spec.given(ended).when(command).thenRejected(INVALID_STATE);
                }
            }
            spec.given(ended).when(new RequestCancel(ANN_MEMBER, ID)).thenRejected(INVALID_STATE);
        });
    }

    @Test
    void theSameOutcomeWithOtherDetailsIsRejected() {
        spec.given(REQUESTED, STARTED, COMPLETED).when(new CompleteJob(OPERATOR, ID, new JobSummary(7, 2, 2)))
                .thenRejected(INVALID_STATE);
        spec.given(REQUESTED, STARTED, FAILED).when(new FailJob(OPERATOR, ID, "timeout")).thenRejected(INVALID_STATE);
        spec.given(REQUESTED, STARTED, COMPENSATED).when(new RecordCompensated(OPERATOR, ID, 5))
                .thenRejected(INVALID_STATE);
    }

    // --- cancelling

    @Test
    void theRequesterOrAnAdminAsksToCancel() {
        spec.given(REQUESTED, STARTED).when(new RequestCancel(ANN_MEMBER, ID)).then(CANCEL_REQUESTED);
        spec.given(REQUESTED).when(new RequestCancel(ANN_MEMBER, ID)).then(CANCEL_REQUESTED);
        spec.given(REQUESTED, STARTED).when(new RequestCancel(ADA_ADMIN, ID)).then(new JobCancelRequested(ID, ADA));
        assertThat(spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).state().status()).isEqualTo(JobStatus.CANCELLING);
    }

    @Test
    void otherMembersAndOperatorsCannotCancel() {
        spec.given(REQUESTED, STARTED).when(new RequestCancel(BEN_MEMBER, ID)).thenRejected(FORBIDDEN);
        spec.given(REQUESTED, STARTED).when(new RequestCancel(OPERATOR, ID)).thenRejected(FORBIDDEN);
        // the requester needs a role still
        spec.given(REQUESTED, STARTED).when(new RequestCancel(context(ANN, false, Role.OPERATOR), ID))
                .thenRejected(FORBIDDEN);
    }

    @Test
    void askingToCancelAgainChangesNothing() {
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(new RequestCancel(ANN_MEMBER, ID)).thenNoEvents();
        spec.given(REQUESTED, STARTED, CANCEL_REQUESTED).when(new RequestCancel(ADA_ADMIN, ID)).thenNoEvents();
    }

    // --- state

    @Test
    void evolvesThroughItsLifecycle() {
        assertThat(spec.given().state()).isEqualTo(
                new JobState(false, null, null, null, null, null, null, 0, -1, null, null, null, 0));
        assertThat(spec.given(REQUESTED).state()).isEqualTo(
                new JobState(true, ID, JobKind.IMPORT, COLLECTION, ANN, JobStatus.REQUESTED, null, 0, -1, null, null, null, 0));
        assertThat(spec.given(REQUESTED, STARTED, AT_FOUR).state()).isEqualTo(
                new JobState(true, ID, JobKind.IMPORT, COLLECTION, ANN, JobStatus.RUNNING, WORKFLOW, 4, 10, null, null, null, 0));
        assertThat(spec.given(REQUESTED, STARTED, AT_FOUR, COMPLETED).state()).isEqualTo(
                new JobState(true, ID, JobKind.IMPORT, COLLECTION, ANN, JobStatus.COMPLETED, WORKFLOW, 4, 10, null, SUMMARY, null, 0));
        assertThat(spec.given(REQUESTED, STARTED, FAILED).state()).isEqualTo(
                new JobState(true, ID, JobKind.IMPORT, COLLECTION, ANN, JobStatus.FAILED, WORKFLOW, 0, 10, null, null,
                        "row 5: no such column", 0));
        assertThat(spec.given(REQUESTED, STARTED, CANCEL_REQUESTED, CANCELLED).state().status())
                .isEqualTo(JobStatus.CANCELLED);
        assertThat(spec.given(REQUESTED, STARTED, AT_FOUR, CANCEL_REQUESTED, COMPENSATED).state()).isEqualTo(
                new JobState(true, ID, JobKind.IMPORT, COLLECTION, ANN, JobStatus.COMPENSATED, WORKFLOW, 4, 10, null, null, null, 4));
    }

    /** One valid report of each kind, sent with {@code ctx}. */
    private static List<Function<CommandContext, JobCommand>> reports() {
        List<Function<CommandContext, JobCommand>> reports = new ArrayList<>();
        reports.add(ctx -> new StartJob(ctx, ID, 10, WORKFLOW, "run-1"));
        reports.add(ctx -> new RecordProgress(ctx, ID, 5, 10, null));
        reports.add(ctx -> new CompleteJob(ctx, ID, SUMMARY));
        reports.add(ctx -> new FailJob(ctx, ID, "row 5: no such column "));
        reports.add(ctx -> new RecordCancelled(ctx, ID));
        reports.add(ctx -> new RecordCompensated(ctx, ID, 4));
        return reports;
    }

    private static RequestJob request(CommandContext ctx, CollectionStatus status, String parameters) {
        return new RequestJob(ctx, ID, JobKind.IMPORT, COLLECTION, status, parameters);
    }

    private static StartJob start(CommandContext ctx, String workflowId, long total) {
        return new StartJob(ctx, ID, total, workflowId, "run-1");
    }

    private static RecordProgress progress(long done, long total, String lastError) {
        return new RecordProgress(OPERATOR, ID, done, total, lastError);
    }

    private static CommandContext context(UserId user, boolean suspended, Role... roles) {
        return new CommandContext(TENANT, new Actor(user, Set.of(roles)), suspended);
    }
}

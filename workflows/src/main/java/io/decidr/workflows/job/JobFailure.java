package io.decidr.workflows.job;

import io.decidr.domain.failure.FailureNotice;
import io.decidr.workflows.saga.Refusal;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Why a job stopped, in the words its users are shown ({@link #notice}): a stable code and a short message. What
 * Temporal, a driver or an exception said stays in the worker's log, under the notice's incident id.
 */
sealed interface JobFailure {

    /** An item stopped the job (an import row with {@code onError: FAIL}). */
    String ITEM_FAILED = "JOB_ITEM_FAILED";
    /** A step failed on its last attempt, or was refused. */
    String STEP_FAILED = "JOB_STEP_FAILED";

    String code();

    String message();

    /** Whether there is more to know than the message: then it is logged under an incident id. */
    boolean logged();

    /**
     * An item of the user's data stopped the job: its error (a row's line and the rejection of its values) speaks of
     * that data and is shown as it is.
     */
    record ItemFailed(String error) implements JobFailure {
        @Override
        public String code() {
            return ITEM_FAILED;
        }

        @Override
        public String message() {
            return error;
        }

        @Override
        public boolean logged() {
            return false;
        }
    }

    /**
     * A step of the job failed: {@code step} says which ("the chunk from item 201", ...), {@code outcome} how
     * ("failed after 5 attempts", "was refused: ...").
     */
    record StepFailed(String step, String outcome) implements JobFailure {
        @Override
        public String code() {
            return STEP_FAILED;
        }

        @Override
        public String message() {
            return step + " " + outcome;
        }

        @Override
        public boolean logged() {
            return true;
        }
    }

    /**
     * What stopped the job.
     *
     * @param done       items done before the failure (a failed chunk started at the next one)
     * @param attemptsOf how often the workflow tries an activity of the given type
     */
    static JobFailure of(TemporalFailure failure, long done, ToIntFunction<String> attemptsOf) {
        if (failure instanceof ApplicationFailure stopped && ComputeJobWorkflowImpl.JOB_FAILED.equals(stopped.getType())) {
            return new ItemFailed(stopped.getOriginalMessage());
        }
        if (!(failure instanceof ActivityFailure activity)) {
            return new StepFailed("the job", "failed");
        }
        String type = activity.getActivityType();
        String step = switch (type) {
            case "Begin" -> "starting the job";
            case "Process" -> "the chunk from item " + (done + 1);
            case "Plan" -> "planning the chunks from item " + (done + 1);
            case "Progress" -> "recording the job's progress";
            case "Complete" -> "recording the job's completion";
            default -> "the step " + type;
        };
        String outcome = activity.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
                ? "failed after " + attempts(attemptsOf.applyAsInt(type))
                : Refusal.refused(activity)
                        // a rejection's message is written for users: the API shows it as it is
                        ? "was refused: " + ((ApplicationFailure) activity.getCause()).getOriginalMessage()
                        : "failed";
        return new StepFailed(step, outcome);
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    /**
     * What the user is shown: the code, the message, what was undone ({@code restored}, or that undoing failed),
     * and the incident id when the detail was logged under it.
     *
     * @param restored how many items compensation put back; negative when compensation itself failed (and was logged)
     */
    default FailureNotice notice(long restored, UUID incident) {
        String undone = restored > 0 ? "; " + restored + " undone" : restored < 0 ? "; undoing its changes failed too" : "";
        return logged() || restored < 0 ? FailureNotice.of(code(), message() + undone, incident)
                : FailureNotice.of(code(), message() + undone);
    }
}

package io.decidr.domain.job;

/**
 * Where a job is in its life. A user requests it and may ask to cancel it; the workflow that runs it reports
 * everything else.
 *
 * <pre>
 * command \ status   REQUESTED      RUNNING        CANCELLING       COMPLETED, FAILED, CANCELLED, COMPENSATED
 * StartJob           -> RUNNING     no-op (1)      records it (2)   INVALID_STATE
 * RecordProgress     INVALID_STATE  RUNNING (3)    CANCELLING (3)   INVALID_STATE
 * CompleteJob        INVALID_STATE  -> COMPLETED   -> COMPLETED (4) no-op when the same outcome (5), else
 * FailJob            -> FAILED      -> FAILED      -> FAILED          INVALID_STATE
 * RecordCancelled    -> CANCELLED   -> CANCELLED   -> CANCELLED
 * RecordCompensated  -> COMPENSATED -> COMPENSATED -> COMPENSATED
 * RequestCancel      -> CANCELLING  -> CANCELLING  no-op            INVALID_STATE
 * </pre>
 *
 * <ol>
 *   <li>When the same workflow (id) reports starting again: a retried activity, or a later run of the workflow
 *       after continue-as-new. Another workflow id is {@code INVALID_STATE}: two workflows must not run one job.</li>
 *   <li>A cancel asked for before the workflow started: the start is recorded (workflow id, total) and the job
 *       stays {@code CANCELLING}. Again the same workflow is a no-op.</li>
 *   <li>Progress only moves forward: a report with a lower {@code done} than recorded (a late or retried
 *       activity) is ignored, as is one that repeats what is recorded. In {@code CANCELLING}, only once started.</li>
 *   <li>Only once started; the job finished before the workflow saw the cancel.</li>
 *   <li>The same outcome with the same details (summary, error, restored count): a retried activity.</li>
 * </ol>
 *
 * <p>{@code CANCELLING} is needed because a cancel is asked for by a user but carried out by the workflow,
 * which may take long (compensating an import deletes what it created): meanwhile the read side shows that the
 * cancel was asked for and by whom, a second request is a no-op, and the outcome stays the workflow's to report:
 * {@code CANCELLED} when nothing needed undoing, {@code COMPENSATED} when it undid the job's partial work, or
 * {@code COMPLETED}/{@code FAILED} when the job ended first. The workflow may report {@code RecordCancelled} or
 * {@code RecordCompensated} without a cancel asked for here (cancelled in Temporal itself): refusing a fact the
 * worker reports would leave the read side wrong for good.
 */
public enum JobStatus {
    /** Asked for; no workflow has reported starting it yet. */
    REQUESTED,
    /** A workflow started it and reports progress. */
    RUNNING,
    /** A user asked to cancel it; the workflow has not yet reported how it stopped. */
    CANCELLING,
    /** Finished its work. */
    COMPLETED,
    /** Stopped on an error. */
    FAILED,
    /** Stopped on a cancel, with nothing to undo. */
    CANCELLED,
    /** Stopped on a cancel, after undoing the work it had done. */
    COMPENSATED;

    /** Whether this is an outcome: no lifecycle command changes a job in it any more. */
    public boolean terminal() {
        return switch (this) {
            case REQUESTED, RUNNING, CANCELLING -> false;
            case COMPLETED, FAILED, CANCELLED, COMPENSATED -> true;
        };
    }
}

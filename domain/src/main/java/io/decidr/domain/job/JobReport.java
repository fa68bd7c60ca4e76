package io.decidr.domain.job;

/**
 * What the workflow running a job reports about it: start, progress and outcome. The workflow sends these
 * acting with the {@code OPERATOR} role; users never do.
 */
public sealed interface JobReport extends JobCommand
        permits StartJob, RecordProgress, CompleteJob, FailJob, RecordCancelled, RecordCompensated {
}

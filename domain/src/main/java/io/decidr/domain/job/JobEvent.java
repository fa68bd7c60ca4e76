package io.decidr.domain.job;

/**
 * Something that happened to a job. Like every event, it carries no time: the store's {@code recorded_at} is
 * when it happened, and the metadata names who sent the command.
 */
public sealed interface JobEvent
        permits JobRequested, JobStarted, JobProgressed, JobCompleted, JobFailed, JobCancelRequested, JobCancelled,
                JobCompensated {

    /** The job it happened to. */
    JobId id();
}

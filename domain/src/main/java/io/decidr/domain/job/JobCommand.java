package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;

/** A command on one job: a user's ({@link RequestJob}, {@link RequestCancel}) or the workflow's {@link JobReport}. */
public sealed interface JobCommand permits RequestJob, RequestCancel, JobReport {

    CommandContext ctx();

    /** The job the command is for. */
    JobId id();
}

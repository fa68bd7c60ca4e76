package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/**
 * The workflow reports that it started the job.
 *
 * @param total      how many items the job will work through; {@link JobDecider#UNKNOWN_TOTAL} when not known yet
 * @param workflowId the Temporal workflow that runs the job
 * @param runId      the workflow's run
 */
public record StartJob(CommandContext ctx, JobId id, long total, String workflowId, String runId)
        implements JobReport {

    public StartJob {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

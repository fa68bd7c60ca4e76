package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** The workflow reports that the job finished its work, with what it did. */
public record CompleteJob(CommandContext ctx, JobId id, JobSummary summary) implements JobReport {

    public CompleteJob {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
    }
}

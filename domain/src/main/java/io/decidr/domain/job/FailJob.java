package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** The workflow reports that the job stopped on {@code error}. */
public record FailJob(CommandContext ctx, JobId id, String error) implements JobReport {

    public FailJob {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/**
 * The workflow reports that it stopped the job on a cancel and undid the job's partial work.
 *
 * @param restored how many entities it put back as they were before the job (or removed, when the job created them)
 */
public record RecordCompensated(CommandContext ctx, JobId id, long restored) implements JobReport {

    public RecordCompensated {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

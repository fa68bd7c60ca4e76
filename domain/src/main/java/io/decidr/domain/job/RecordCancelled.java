package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** The workflow reports that it stopped the job on a cancel, with nothing of its work to undo. */
public record RecordCancelled(CommandContext ctx, JobId id) implements JobReport {

    public RecordCancelled {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

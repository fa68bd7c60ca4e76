package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/**
 * The workflow reports how far the job got. Reports that arrive late (a lower {@code done}) are ignored.
 *
 * @param done      items worked through so far
 * @param total     all items; {@link JobDecider#UNKNOWN_TOTAL} when not known yet
 * @param lastError the latest error the job got past (e.g. a row it skipped); null when none
 */
public record RecordProgress(CommandContext ctx, JobId id, long done, long total, String lastError)
        implements JobReport {

    public RecordProgress {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

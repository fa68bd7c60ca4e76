package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Asks to cancel a job that has not ended. Its requester or an admin. */
public record RequestCancel(CommandContext ctx, JobId id) implements JobCommand {

    public RequestCancel {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}

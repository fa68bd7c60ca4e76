package io.decidr.workflows.job;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import reactor.core.publisher.Mono;

/** What became of one item of a job's chunk: a row of an import, an entity of a formula or rollup. */
sealed interface ItemOutcome {

    ItemOutcome CREATED = new Created();
    ItemOutcome UPDATED = new Updated();
    ItemOutcome UNCHANGED = new Unchanged();

    /** An import's row became an entity (now, or in an attempt before). */
    record Created() implements ItemOutcome {
    }

    /** The job wrote a value on the entity (now, or in an attempt before). */
    record Updated() implements ItemOutcome {
    }

    /** Nothing to write: the value was already the result, or the entity is archived. */
    record Unchanged() implements ItemOutcome {
    }

    /** The item could not be done, for a reason about the user's data or expression: skipped, or the job stops. */
    record Refused(String why) implements ItemOutcome {
    }

    /**
     * The item refused for {@code why} (its data), or, when the tenant is suspended, no outcome: the chunk fails and is
     * tried again (a suspension is not about the item; the job waits, and is cancelled by the suspension's process
     * manager or fails after its tries), so no row is skipped for it.
     */
    static Mono<ItemOutcome> refused(Rejection rejected, String where) {
        if (rejected.code() == RejectionCode.TENANT_SUSPENDED) {
            return Mono.error(new IllegalStateException("the tenant is suspended: the chunk is tried again later",
                    rejected));
        }
        return Mono.just(new Refused(where + ": " + rejected.getMessage()));
    }
}

package io.decidr.workflows.reactions;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.archive.EntityPage;
import io.decidr.workflows.archive.PageDone;

/**
 * How far a purge has come: the entities listed so far (in creation order) and what it removed.
 *
 * @param cursor   where the next page starts
 * @param entities the entities it looked at
 * @param links    the links through the attribute it removed
 */
public record PurgeProgress(Checkpoint cursor, long entities, long links) {

    public static final PurgeProgress START = new PurgeProgress(Checkpoint.START, 0, 0);

    PurgeProgress after(EntityPage page, PageDone done) {
        return new PurgeProgress(page.next(), entities + done.entities(), links + done.links());
    }
}

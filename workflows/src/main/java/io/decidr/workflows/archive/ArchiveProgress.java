package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import java.util.Objects;

/**
 * How far an archive-collection saga has come: what its progress query answers, and what a run hands on to the next
 * when it continues as new.
 *
 * @param cursor the end of the last page listed: the forward pass touched nothing after it, so restoring up to it
 *               restores everything
 */
public record ArchiveProgress(Phase phase, Checkpoint cursor, long pages, long entitiesArchived, long linksRemoved,
        long entitiesRestored, long linksRestored) {

    /** Where the saga stands. */
    public enum Phase { ARCHIVING_ENTITIES, ARCHIVING_COLLECTION, RESTORING, ARCHIVED, REFUSED, CANCELLED, FAILED }

    public static final ArchiveProgress START = new ArchiveProgress(Phase.ARCHIVING_ENTITIES, Checkpoint.START, 0, 0, 0, 0, 0);

    public ArchiveProgress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cursor, "cursor");
    }

    ArchiveProgress listed(EntityPage page) {
        return new ArchiveProgress(phase, page.next(), pages + 1, entitiesArchived, linksRemoved, entitiesRestored,
                linksRestored);
    }

    ArchiveProgress archived(PageDone page) {
        return new ArchiveProgress(phase, cursor, pages, entitiesArchived + page.entities(), linksRemoved + page.links(),
                entitiesRestored, linksRestored);
    }

    ArchiveProgress restored(PageDone page) {
        return new ArchiveProgress(phase, cursor, pages, entitiesArchived, linksRemoved,
                entitiesRestored + page.entities(), linksRestored + page.links());
    }

    ArchiveProgress in(Phase next) {
        return new ArchiveProgress(next, cursor, pages, entitiesArchived, linksRemoved, entitiesRestored, linksRestored);
    }
}

package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.UUID;

/**
 * The steps of archiving a collection. A step the domain refuses fails with a {@link Refusal#REJECTED} failure. Each
 * command's id is derived from the saga's key ({@code sagaKey}: workflow id and first run id, so that archiving the
 * collection again after a cancelled run sends new commands), the step and the entity, so a step that runs again
 * changes nothing more; and the compensation finds in the event store what this saga did, by those ids.
 */
@ActivityInterface(namePrefix = "ArchiveCollection.")
public interface ArchiveCollectionActivities {

    /** Whether the caller may archive the collection now (the archive's own refusal, with nothing written); its name. */
    String check(ArchiveRequest request);

    /** The next page of the collection's entities after {@code after}, archived ones too. */
    EntityPage listEntities(ArchiveRequest request, Checkpoint after);

    /**
     * Archives each entity that is not archived yet, then unlinks the live entities of other collections that link into
     * it (links between the collection's own entities stay: they are archived together). Heartbeats after each entity
     * and resumes after the last one heartbeated when retried.
     */
    PageDone archiveEntities(ArchiveRequest request, String sagaKey, List<UUID> entities);

    /**
     * Compensation of {@link #archiveEntities}: restores each entity this saga archived and re-links each link into it
     * that this saga removed (a source archived since stays unlinked, and is logged). Never refused; heartbeats.
     */
    PageDone restoreEntities(ArchiveRequest request, String sagaKey, List<UUID> entities);

    /** Archives the collection itself: the last step, after which the saga no longer stops for a cancel. */
    StepDone archiveCollection(ArchiveRequest request, String sagaKey);
}

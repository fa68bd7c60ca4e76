package io.decidr.workflows.archive;

import io.decidr.workflows.saga.Refusal;
import java.util.UUID;

/**
 * How an archive-collection saga ended: the collection archived (its version after it, the stream to wait on), or
 * refused and everything put back.
 */
public record ArchiveOutcome(UUID collectionId, String collectionStream, long collectionVersion, ArchiveProgress progress,
        Refusal refusal) {

    public static ArchiveOutcome archived(UUID collectionId, String stream, long version, ArchiveProgress progress) {
        return new ArchiveOutcome(collectionId, stream, version, progress, null);
    }

    public static ArchiveOutcome refused(UUID collectionId, ArchiveProgress progress, Refusal refusal) {
        return new ArchiveOutcome(collectionId, null, 0, progress, refusal);
    }

    public boolean completed() {
        return refusal == null;
    }
}

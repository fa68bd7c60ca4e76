package io.decidr.workflows.job;

/**
 * Where a chunk got to, heartbeated after each item: a retry of the chunk (its worker died) resumes from {@code next}
 * with what the attempts before it counted, so that the chunk's result counts every item once, however often it ran.
 *
 * @param next the item (an import's row, an index in the page of entities) the next attempt starts with
 */
public record ChunkProgress(int next, long processed, long created, long updated, long skipped, String lastError) {

    /** Nothing done yet, starting at {@code next}. */
    public static ChunkProgress at(int next) {
        return new ChunkProgress(next, 0, 0, 0, 0, null);
    }
}

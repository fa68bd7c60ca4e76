package io.decidr.workflows.job;

/**
 * What one chunk did.
 *
 * @param next    where the next chunk starts; null when every item is done
 * @param failure set when an item failed and the job must stop (an import row with {@code onError: FAIL})
 */
public record ChunkResult(String next, long processed, long created, long updated, long skipped, String lastError,
        String failure) {
}

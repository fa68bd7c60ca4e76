package io.decidr.workflows.job;

/**
 * How far a job got.
 *
 * @param done      items worked through (created, updated or skipped)
 * @param total     items to work through, -1 when not known
 * @param lastError the last item's error (a skipped import row, an entity the formula could not compute), or null
 */
public record JobCounters(long done, long total, long created, long updated, long skipped, String lastError) {

    public static final JobCounters NONE = new JobCounters(0, -1, 0, 0, 0, null);

    JobCounters withTotal(long newTotal) {
        return new JobCounters(done, newTotal, created, updated, skipped, lastError);
    }

    JobCounters plus(ChunkResult chunk) {
        return new JobCounters(done + chunk.processed(), total, created + chunk.created(), updated + chunk.updated(),
                skipped + chunk.skipped(), chunk.lastError() != null ? chunk.lastError() : lastError);
    }
}

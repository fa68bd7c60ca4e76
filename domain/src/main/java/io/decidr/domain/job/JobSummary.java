package io.decidr.domain.job;

/**
 * What a completed job did, in counts of entities.
 *
 * @param created entities the job created (imports)
 * @param updated entities whose values the job changed
 * @param skipped entities or rows the job left alone (unchanged, or not applicable)
 */
public record JobSummary(long created, long updated, long skipped) {
}

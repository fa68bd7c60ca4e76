package io.decidr.domain.job;

/**
 * The job worked through {@code done} of {@code total} items (-1: not known yet); {@code lastError} is the
 * latest error it got past, or null.
 */
public record JobProgressed(JobId id, long done, long total, String lastError) implements JobEvent {
}

package io.decidr.domain.job;

/** What a job does to its collection. The kind decides which workflow runs it and how it reads its parameters. */
public enum JobKind {
    /** Creates or updates entities from rows supplied in its parameters. */
    IMPORT,
    /** Computes an attribute's values from an expression over each entity's other values. */
    FORMULA,
    /** Aggregates values of linked entities into an attribute. */
    ROLLUP
}

/**
 * Compute jobs (imports, formulas, rollups): their life from a user's request through the workflow that runs
 * them to their outcome, recorded as events so the read side lists and follows jobs without Temporal's
 * visibility. The lifecycle is at {@link io.decidr.domain.job.JobStatus}; who may do what at
 * {@link io.decidr.domain.job.JobDecider}.
 */
package io.decidr.domain.job;

/**
 * {@code bin/bench}: starts the platform on its embedded services with durable settings (PostgreSQL with fsync and
 * synchronous commit on) and runs each workload next to a raw baseline measured in the same run, so that ratios hold
 * on a noisy machine where absolute figures do not. Prints one table and writes it as JSON for tracking.
 */
package io.decidr.bench;

/**
 * The append-only event log in PostgreSQL: appending with optimistic concurrency and command-id
 * idempotency, reading a stream, reading {@code $all} in commit-safe order, and snapshots.
 */
package io.decidr.eventstore;

package io.decidr.eventstore.lease;

import java.time.Instant;

/**
 * A lease as recorded.
 *
 * @param name      what it is the lease of
 * @param holder    the process that took it last
 * @param epoch     how many times it was taken (1 for the first); a later holder always has a higher one
 * @param takenAt   when the holder took it
 * @param expiresAt when it ends unless renewed (the database's clock); when it was released, for a released one
 */
public record Lease(String name, String holder, long epoch, Instant takenAt, Instant expiresAt) {
}

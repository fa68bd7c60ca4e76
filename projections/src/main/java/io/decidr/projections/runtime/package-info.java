/**
 * The projector runtime: checkpoints, batches, per-stream order with parallelism across streams, parked
 * poison events, lag. Storage-agnostic: read models and checkpoints live behind ports.
 */
package io.decidr.projections.runtime;

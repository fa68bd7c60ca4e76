package io.decidr.eventstore;

import java.util.UUID;

/**
 * An entity as its creation event lists it: its id, and where that event stands in commit-safe {@code $all} order
 * (the cursor to read on from).
 */
public record CreatedEntity(UUID entityId, Checkpoint at) {
}

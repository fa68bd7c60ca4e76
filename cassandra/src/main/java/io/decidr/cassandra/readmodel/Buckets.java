package io.decidr.cassandra.readmodel;

import java.util.UUID;

/**
 * How rows of unbounded groups are spread over partitions. The counts are part of the table layout: changing
 * one needs a rebuild of the read models that use it.
 */
final class Buckets {

    /** Partitions per collection in {@code entities_by_collection}. */
    static final int ENTITIES = 16;
    /** Partitions per target in {@code links_by_target}. */
    static final int BACKLINKS = 16;

    private Buckets() {
    }

    static int of(UUID id, int buckets) {
        return Math.floorMod(id.hashCode(), buckets);
    }
}

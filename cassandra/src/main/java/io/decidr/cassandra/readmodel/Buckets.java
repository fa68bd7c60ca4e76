package io.decidr.cassandra.readmodel;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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

    /**
     * The partition of {@code jobs_by_tenant} a job requested at {@code at} lives in: its month in UTC, as
     * {@code yyyymm}. Months keep the listing's order (newest first is month after month backwards) and bound a
     * partition by how many jobs a tenant can start in a month.
     */
    static int month(Instant at) {
        YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        return month.getYear() * 100 + month.getMonthValue();
    }

    /** Whether {@code bucket} is a month as {@link #month} writes it. */
    static boolean isMonth(int bucket) {
        int month = bucket % 100;
        return bucket >= 1970_01 && bucket <= 9999_12 && month >= 1 && month <= 12;
    }
}

package io.decidr.cassandra.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void aJobsMonthIsItsRequestMonthInUtc() {
        assertThat(Buckets.month(Instant.parse("2025-01-31T23:59:59.999Z"))).isEqualTo(2025_01);
        assertThat(Buckets.month(Instant.parse("2025-02-01T00:00:00Z"))).isEqualTo(2025_02);
        assertThat(Buckets.month(Instant.parse("2024-12-31T23:30:00-01:00"))).isEqualTo(2025_01);
    }

    @Test
    void onlyMonthsAsWrittenAreMonths() {
        assertThat(Buckets.isMonth(2025_01)).isTrue();
        assertThat(Buckets.isMonth(2025_12)).isTrue();
        assertThat(Buckets.isMonth(2025_00)).isFalse();
        assertThat(Buckets.isMonth(2025_13)).isFalse();
        assertThat(Buckets.isMonth(0)).isFalse();
        assertThat(Buckets.isMonth(-2025_01)).isFalse();
        assertThat(Buckets.isMonth(Integer.MAX_VALUE)).isFalse();
    }
}

package io.decidr.cassandra.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.cassandra.readmodel.Views.JobView;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobViewTest {

    private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void theRateIsTheItemsDoneOverTheTimeFromTheStartToTheLatestProgress() {
        JobView job = job(JobStatus.RUNNING, STARTED, 300, 1_000, STARTED.plusSeconds(60));

        assertThat(job.itemsPerSecond()).hasValue(5.0);
        // 700 items to go at 5 a second: 140 s after the latest progress
        assertThat(job.estimatedFinishAt()).contains(STARTED.plusSeconds(200));
    }

    @Test
    void noRateBeforeTheFirstProgressNorWhenNoTimePassed() {
        assertThat(job(JobStatus.REQUESTED, null, 0, -1, null).itemsPerSecond()).isEmpty();
        assertThat(job(JobStatus.RUNNING, STARTED, 0, 100, null).itemsPerSecond()).isEmpty();
        assertThat(job(JobStatus.RUNNING, STARTED, 0, 100, STARTED.plusSeconds(5)).itemsPerSecond()).isEmpty();
        assertThat(job(JobStatus.RUNNING, STARTED, 10, 100, STARTED).itemsPerSecond()).isEmpty();
        assertThat(job(JobStatus.RUNNING, STARTED, 0, 100, null).estimatedFinishAt()).isEmpty();
    }

    @Test
    void noEstimateWithoutATotalOrOnceTheJobEnded() {
        assertThat(job(JobStatus.RUNNING, STARTED, 300, -1, STARTED.plusSeconds(60)).estimatedFinishAt()).isEmpty();
        assertThat(job(JobStatus.COMPLETED, STARTED, 300, 1_000, STARTED.plusSeconds(60)).estimatedFinishAt()).isEmpty();
        assertThat(job(JobStatus.CANCELLING, STARTED, 300, 1_000, STARTED.plusSeconds(60)).estimatedFinishAt()).isPresent();
    }

    private static JobView job(JobStatus status, Instant startedAt, long done, long total, Instant progressedAt) {
        return new JobView(UUID.randomUUID(), JobKind.IMPORT, UUID.randomUUID(), status, "ada", STARTED.minusSeconds(5),
                startedAt == null ? null : "job/t/j", startedAt == null ? null : "run", startedAt, done, total,
                progressedAt, null, null, null, null, 0, null, null, 3);
    }
}

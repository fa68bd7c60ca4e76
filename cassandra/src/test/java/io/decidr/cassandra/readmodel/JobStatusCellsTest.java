package io.decidr.cassandra.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusCellsTest {

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void theCellsAStatusFilterAsksForStandForThatStatus(JobStatus status) {
        String base = JobStatusCells.baseStatus(status);
        Boolean started = JobStatusCells.started(status);
        if (started == null) {
            assertThat(JobStatusCells.status(base, false)).isEqualTo(status);
            assertThat(JobStatusCells.status(base, true)).isEqualTo(status);
        } else {
            assertThat(JobStatusCells.status(base, started)).isEqualTo(status);
            assertThat(JobStatusCells.status(base, !started)).isNotEqualTo(status);
        }
    }

    @Test
    void aRequestedJobThatStartedIsRunningAndACancelAskedForBeforeTheStartStaysCancelling() {
        assertThat(JobStatusCells.status("REQUESTED", false)).isEqualTo(JobStatus.REQUESTED);
        assertThat(JobStatusCells.status("REQUESTED", true)).isEqualTo(JobStatus.RUNNING);
        assertThat(JobStatusCells.status("CANCELLING", true)).isEqualTo(JobStatus.CANCELLING);
        assertThat(JobStatusCells.status("COMPLETED", true)).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStatusCells.status("FAILED", false)).isEqualTo(JobStatus.FAILED);
    }
}

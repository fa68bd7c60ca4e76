package io.decidr.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.job.JobKind;
import io.decidr.workflows.job.JobRetry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** decidr.jobs.retry: a default for every kind, a kind's own setting over it, part by part; typos refused. */
class JobRetryPropertiesTest {

    private static JobRetryProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("decidr.jobs", JobRetryProperties.class);
    }

    @Test
    void nothing_set_gives_five_attempts_for_every_kind() {
        JobRetryProperties none = bind(Map.of());
        for (JobKind kind : JobKind.values()) {
            assertThat(none.forKind(kind)).isEqualTo(JobRetry.DEFAULT);
        }
        assertThat(JobRetry.DEFAULT.maxAttempts()).isEqualTo(5);
    }

    @Test
    void a_kind_overrides_the_default_part_by_part() {
        JobRetryProperties set = bind(Map.of(
                "decidr.jobs.retry.default.max-attempts", "7",
                "decidr.jobs.retry.default.maximum-interval", "30s",
                "decidr.jobs.retry.import.max-attempts", "2",
                "decidr.jobs.retry.ROLLUP.initial-interval", "5s"));
        assertThat(set.forKind(JobKind.IMPORT)).isEqualTo(new JobRetry(2, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(set.forKind(JobKind.FORMULA)).isEqualTo(new JobRetry(7, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(set.forKind(JobKind.ROLLUP)).isEqualTo(new JobRetry(7, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @Test
    void an_unknown_kind_or_a_retry_that_never_tries_stops_the_start() {
        assertThatThrownBy(() -> bind(Map.of("decidr.jobs.retry.imports.max-attempts", "3")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("decidr.jobs.retry.imports: not a job kind");
        assertThatThrownBy(() -> bind(Map.of("decidr.jobs.retry.formula.max-attempts", "0")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("decidr.jobs.retry for formula jobs: a job step is tried at least once");
    }
}

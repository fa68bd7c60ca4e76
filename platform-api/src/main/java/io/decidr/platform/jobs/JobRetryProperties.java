package io.decidr.platform.jobs;

import io.decidr.domain.job.JobKind;
import io.decidr.workflows.job.JobRetry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code decidr.jobs.retry.<kind>.*}: how often each step of a job of that kind (import, formula, rollup) is tried
 * before the job fails ({@code JOB_STEP_FAILED}), and {@code decidr.jobs.retry.default.*} for every kind. A kind's
 * setting left out takes the default's; the default's left out takes {@link JobRetry#DEFAULT} (5 attempts, waits
 * from 1 s doubling up to 1 min). The setting is fixed in a job's workflow input when the job starts.
 *
 * <pre>
 * decidr.jobs.retry.default.max-attempts=5
 * decidr.jobs.retry.default.initial-interval=1s
 * decidr.jobs.retry.default.maximum-interval=1m
 * decidr.jobs.retry.import.max-attempts=3
 * </pre>
 *
 * @param retry by {@code default} or a job kind (in any case); any other key is refused at startup
 */
@ConfigurationProperties("decidr.jobs")
public record JobRetryProperties(Map<String, Setting> retry) {

    static final String DEFAULT = "default";

    /** One kind's setting (or the default's); a null part is taken from the default. */
    public record Setting(Integer maxAttempts, Duration initialInterval, Duration maximumInterval) {
    }

    public JobRetryProperties {
        retry = retry == null ? Map.of() : Map.copyOf(retry);
        for (String key : retry.keySet()) {
            if (!key.equalsIgnoreCase(DEFAULT) && Arrays.stream(JobKind.values()).noneMatch(k -> k.name().equalsIgnoreCase(key))) {
                throw new IllegalArgumentException("decidr.jobs.retry." + key + ": not a job kind (import, formula, rollup)"
                        + " or default");
            }
        }
        for (JobKind kind : JobKind.values()) {
            try {
                resolve(retry, kind); // a bad setting stops the start, not the first job of its kind
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("decidr.jobs.retry for " + kind.name().toLowerCase(Locale.ROOT)
                        + " jobs: " + bad.getMessage(), bad);
            }
        }
    }

    /** The retries of a job of this kind. */
    public JobRetry forKind(JobKind kind) {
        return resolve(retry, kind);
    }

    private static JobRetry resolve(Map<String, Setting> retry, JobKind kind) {
        Setting base = find(retry, DEFAULT);
        Setting own = find(retry, kind.name());
        return new JobRetry(
                pick(own.maxAttempts(), base.maxAttempts(), JobRetry.DEFAULT.maxAttempts()),
                pick(own.initialInterval(), base.initialInterval(), JobRetry.DEFAULT.initialInterval()),
                pick(own.maximumInterval(), base.maximumInterval(), JobRetry.DEFAULT.maximumInterval()));
    }

    private static Setting find(Map<String, Setting> retry, String key) {
        return retry.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue).findFirst().orElse(new Setting(null, null, null));
    }

    private static <T> T pick(T own, T base, T fallback) {
        return own != null ? own : base != null ? base : fallback;
    }
}

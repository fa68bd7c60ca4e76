package io.decidr.platform.jobs;

import io.decidr.domain.job.JobKind;
import io.decidr.workflows.job.JobObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code decidr.jobs.items} (counter): the compute jobs' items by {@code kind} (import, formula, rollup) and
 * {@code outcome} (created, updated, unchanged, refused); its rate is the jobs' items per second. A job's own progress
 * (done of total, rate, ETA) is the jobs read model's, per job, in GraphQL: a meter per job would grow without end.
 */
final class JobMetrics implements JobObserver {

    private final Map<JobKind, Counter[]> counters = new EnumMap<>(JobKind.class);

    JobMetrics(MeterRegistry registry) {
        String[] outcomes = {"created", "updated", "unchanged", "refused"};
        for (JobKind kind : JobKind.values()) {
            Counter[] byOutcome = new Counter[outcomes.length];
            for (int i = 0; i < outcomes.length; i++) {
                byOutcome[i] = Counter.builder("decidr.jobs.items")
                        .description("compute job items done, by job kind and outcome")
                        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcomes[i])
                        .register(registry);
            }
            counters.put(kind, byOutcome);
        }
    }

    @Override
    public void items(JobKind kind, long created, long updated, long unchanged, long refused) {
        Counter[] byOutcome = counters.get(kind);
        add(byOutcome[0], created);
        add(byOutcome[1], updated);
        add(byOutcome[2], unchanged);
        add(byOutcome[3], refused);
    }

    private static void add(Counter counter, long amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }
}

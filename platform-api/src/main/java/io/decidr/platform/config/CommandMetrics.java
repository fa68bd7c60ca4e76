package io.decidr.platform.config;

import io.decidr.application.command.CommandObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The command bus's meters, per aggregate type ({@code aggregate} tag: the stream category):
 * <ul>
 *   <li>{@code decidr.commands} (timer, with a histogram): each command's time and {@code outcome} (written,
 *       unchanged, duplicate, rejected, conflict, failed); its count is the command rate;</li>
 *   <li>{@code decidr.commands.conflicts} (counter): appends lost to another writer, each followed by a new decision;</li>
 *   <li>{@code decidr.appends} (timer, with a histogram): each append, group commit included.</li>
 * </ul>
 * Meters are made once per tag combination and kept: recording costs a map look-up and the timer's own work.
 */
final class CommandMetrics implements CommandObserver {

    private final MeterRegistry registry;
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Timer> appends = new ConcurrentHashMap<>();
    private final Map<String, Counter> conflicts = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handled(String category, Outcome outcome, long nanos) {
        commands.computeIfAbsent(category + '/' + outcome, key -> Timer.builder("decidr.commands")
                        .description("commands handled by the command bus, by aggregate type and outcome")
                        .tag("aggregate", category)
                        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void appended(String category, long nanos) {
        appends.computeIfAbsent(category, key -> Timer.builder("decidr.appends")
                        .description("appends of a command's events to the event log, group commit included")
                        .tag("aggregate", category)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void conflicted(String category) {
        conflicts.computeIfAbsent(category, key -> Counter.builder("decidr.commands.conflicts")
                        .description("appends lost to another writer of the same aggregate (the command decides again)")
                        .tag("aggregate", category)
                        .register(registry))
                .increment();
    }
}

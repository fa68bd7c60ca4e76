package io.decidr.platform.config;

import io.decidr.eventstore.command.CommandBusSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.commands.*}: how the command bus retries conflicts, snapshots and caches.
 *
 * @param maxAttempts      decide-and-append attempts before VERSION_CONFLICT
 * @param retryBackoff     longest random pause between attempts
 * @param snapshotEvery    events between snapshots of one aggregate
 * @param cachedAggregates aggregates kept in memory
 */
@ConfigurationProperties("decidr.commands")
public record CommandProperties(
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("20ms") Duration retryBackoff,
        @DefaultValue("100") int snapshotEvery,
        @DefaultValue("10000") long cachedAggregates) {

    public CommandBusSettings settings() {
        return new CommandBusSettings(maxAttempts, retryBackoff, snapshotEvery, cachedAggregates);
    }
}

package io.decidr.platform.config;

import io.decidr.application.command.CommandBusSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.commands.*}: how the command bus retries conflicts, snapshots, caches and groups commits.
 *
 * @param maxAttempts      decide-and-append attempts before VERSION_CONFLICT
 * @param retryBackoff     longest random pause between attempts
 * @param snapshotEvery    events between snapshots of one aggregate
 * @param cachedAggregates aggregates kept in memory
 * @param appendsInFlight  append statements running at once; appends arriving meanwhile share the next commit
 * @param appendBatch      the most appends one commit carries
 * @param lookupTrust      how long a cached tenant or collection serves look-ups between announced changes
 */
@ConfigurationProperties("decidr.commands")
public record CommandProperties(
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("20ms") Duration retryBackoff,
        @DefaultValue("100") int snapshotEvery,
        @DefaultValue("10000") long cachedAggregates,
        @DefaultValue("1") int appendsInFlight,
        @DefaultValue("128") int appendBatch,
        @DefaultValue("5s") Duration lookupTrust) {

    public CommandBusSettings settings() {
        return new CommandBusSettings(maxAttempts, retryBackoff, snapshotEvery, cachedAggregates, appendsInFlight,
                appendBatch, lookupTrust);
    }
}

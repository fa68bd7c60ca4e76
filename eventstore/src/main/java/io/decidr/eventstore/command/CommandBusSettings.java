package io.decidr.eventstore.command;

import java.time.Duration;

/**
 * Tuning of the {@link CommandBus}.
 *
 * @param maxAttempts      how often a command is decided and appended before a conflict becomes VERSION_CONFLICT
 * @param retryBackoff     the longest random pause between attempts (spreads competing writers apart)
 * @param snapshotEvery    a snapshot is written whenever a stream's version crosses a multiple of this
 * @param cachedAggregates how many aggregates' states the in-memory cache holds
 */
public record CommandBusSettings(int maxAttempts, Duration retryBackoff, int snapshotEvery, long cachedAggregates) {

    public static final CommandBusSettings DEFAULTS = new CommandBusSettings(8, Duration.ofMillis(20), 100, 10_000);

    public CommandBusSettings {
        if (maxAttempts < 1 || snapshotEvery < 1 || cachedAggregates < 0) {
            throw new IllegalArgumentException("maxAttempts and snapshotEvery are positive, cachedAggregates not negative");
        }
    }
}

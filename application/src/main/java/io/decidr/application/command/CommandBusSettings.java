package io.decidr.application.command;

import java.time.Duration;

/**
 * Tuning of the {@link CommandBus}.
 *
 * @param maxAttempts      how often a command is decided and appended before a conflict becomes VERSION_CONFLICT
 * @param retryBackoff     the longest random pause between attempts (spreads competing writers apart)
 * @param snapshotEvery    a snapshot is written whenever a stream's version crosses a multiple of this
 * @param cachedAggregates how many aggregates' states the in-memory cache holds
 * @param appendsInFlight  append statements running at once; appends arriving meanwhile share the next one
 *                         ({@link io.decidr.eventstore.GroupCommit})
 * @param appendBatch      the most appends one statement carries
 * @param lookupTrust      how long a looked-up state (a tenant, a collection) is used without reading the log again,
 *                         while change notifications are followed; without them it is read every time
 */
public record CommandBusSettings(int maxAttempts, Duration retryBackoff, int snapshotEvery, long cachedAggregates,
        int appendsInFlight, int appendBatch, Duration lookupTrust) {

    public static final CommandBusSettings DEFAULTS = new CommandBusSettings(8, Duration.ofMillis(20), 100, 10_000);

    public CommandBusSettings {
        if (maxAttempts < 1 || snapshotEvery < 1 || cachedAggregates < 0) {
            throw new IllegalArgumentException("maxAttempts and snapshotEvery are positive, cachedAggregates not negative");
        }
        if (appendsInFlight < 1 || appendBatch < 1 || lookupTrust.isNegative()) {
            throw new IllegalArgumentException("appendsInFlight and appendBatch are positive, lookupTrust not negative");
        }
    }

    /** The given tuning with the default group commit (1 statement in flight, 128 appends each) and 5 s of trust. */
    public CommandBusSettings(int maxAttempts, Duration retryBackoff, int snapshotEvery, long cachedAggregates) {
        this(maxAttempts, retryBackoff, snapshotEvery, cachedAggregates, 1, 128, Duration.ofSeconds(5));
    }
}

package io.decidr.bench;

import java.time.Duration;

/**
 * How long and how big: the full run (about five minutes on a 2-core machine) or the smoke run that only proves
 * every workload still runs end to end (CI).
 *
 * @param warmUp          before each measured window
 * @param window          each measured window
 * @param entities        existing entities for set-value and reads
 * @param aggregateEvents events of the one aggregate that the load workload folds
 */
public record Sizes(boolean smoke, Duration warmUp, Duration window, int entities, int aggregateEvents) {

    public static Sizes full() {
        return new Sizes(false, Duration.ofSeconds(3), Duration.ofSeconds(8), 1_000, 10_000);
    }

    public static Sizes quick() {
        return new Sizes(true, Duration.ofMillis(500), Duration.ofSeconds(1), 100, 1_000);
    }
}

package io.decidr.bench;

import java.time.Duration;

/** What every workload gets: the running platform, the load driver, the sizes, a tenant to work in and the report. */
public record BenchContext(Platform platform, ClosedLoop loop, Sizes sizes, Fixture fixture, Report report) {

    private static final Duration SETTLE_AT_MOST = Duration.ofMinutes(5);

    /**
     * Waits until the projectors have applied everything written so far. Every measurement starts here: the
     * projectors follow writes in the background, and a measurement (a raw baseline included) taken while they
     * still apply the previous one's writes shares the cores with them, and measures both.
     */
    public void settle() {
        ProjectionLag.awaitCaughtUp(platform, SETTLE_AT_MOST);
    }
}

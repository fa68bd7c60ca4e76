package io.decidr.bench;

/**
 * One measured run: how many operations completed in how long, their latencies, the failures and where the CPU went.
 *
 * @param firstError what the first failed operation threw, null when none failed
 */
public record Measured(long operations, double seconds, Latencies latencies, long errors, String firstError, CpuSplit cpu) {

    /** Operations per second. */
    public double rate() {
        return seconds <= 0 ? 0 : operations / seconds;
    }

    public double p50() {
        return latencies.millis(50);
    }

    public double p99() {
        return latencies.millis(99);
    }
}

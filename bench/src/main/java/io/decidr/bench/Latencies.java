package io.decidr.bench;

import org.HdrHistogram.Histogram;

/** Latencies of one measured run, in microseconds, up to an hour. */
public final class Latencies {

    private final Histogram histogram = new Histogram(3_600_000_000L, 3);

    public void record(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos / 1_000, histogram.getHighestTrackableValue())));
    }

    public synchronized void add(Latencies other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The percentile in milliseconds (NaN when nothing was recorded). */
    public double millis(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }
}

package io.decidr.bench;

import java.util.List;

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

    /** Several runs of one workload as one: operations, time and latencies summed, CPU weighed by each run's time. */
    public static Measured combined(List<Measured> runs) {
        Latencies latencies = new Latencies();
        long operations = 0;
        long errors = 0;
        double seconds = 0;
        String firstError = null;
        double[] cpu = new double[7];
        for (Measured run : runs) {
            operations += run.operations();
            seconds += run.seconds();
            errors += run.errors();
            latencies.add(run.latencies());
            firstError = firstError != null ? firstError : run.firstError();
            CpuSplit split = run.cpu();
            double[] parts = {split.app(), split.postgres(), split.cassandra(), split.temporal(), split.other(), split.idle(),
                    split.appGc()};
            for (int i = 0; i < parts.length; i++) {
                cpu[i] += parts[i] * run.seconds();
            }
        }
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = seconds <= 0 ? Double.NaN : cpu[i] / seconds;
        }
        return new Measured(operations, seconds, latencies, errors, firstError,
                new CpuSplit(cpu[0], cpu[1], cpu[2], cpu[3], cpu[4], cpu[5], cpu[6]));
    }
}

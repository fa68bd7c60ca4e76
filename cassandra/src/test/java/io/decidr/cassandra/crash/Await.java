package io.decidr.cassandra.crash;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, up to a deadline, for something another process or thread brings about, looking again every few
 * milliseconds; fails the test when the deadline passes. Never a fixed pause.
 */
final class Await {

    private static final long INTERVAL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /**
     * A condition that is costly to evaluate (it queries a database), looked at no more often than {@code interval}:
     * in between, it answers false.
     */
    static BooleanSupplier atMostEvery(Duration interval, BooleanSupplier condition) {
        long[] next = {System.nanoTime()};
        return () -> {
            long now = System.nanoTime();
            if (now - next[0] < 0) {
                return false;
            }
            next[0] = now + interval.toNanos();
            return condition.getAsBoolean();
        };
    }

    /** The events the background appends ended with (bounded: five minutes), failing the test if they failed. */
    static long appends(CompletableFuture<Long> appending) {
        try {
            return appending.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new AssertionError("appending events failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("appending events did not end within 5 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while appending events", e);
        }
    }

    /** Like {@link #until(String, Duration, BooleanSupplier)}, with {@code context} added to the failure. */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + context.get());
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}

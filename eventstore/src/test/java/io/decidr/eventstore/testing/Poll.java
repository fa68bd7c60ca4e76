package io.decidr.eventstore.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition another process brings about (e.g. a backend is waiting on a lock), looking again
 * every few milliseconds, and fails the test when the deadline passes. Never a fixed sleep.
 */
public final class Poll {

    private static final long INTERVAL_NANOS = Duration.ofMillis(5).toNanos();

    private Poll() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}

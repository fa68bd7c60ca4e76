package io.decidr.workflows.crash;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, up to a deadline, for something another process brings about, looking again every few milliseconds; fails
 * the test when the deadline passes. Never a fixed pause.
 */
final class Await {

    private static final long INTERVAL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
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

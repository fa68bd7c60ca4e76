package io.decidr.platform.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's token bucket, kept as a single number (the generic cell rate algorithm): the instant at which the
 * bucket would be full again. Taking a token moves that instant one interval on, by compare-and-set, so callers of
 * one tenant never lock and callers of different tenants never meet.
 */
final class TokenBucket {

    /** Nanoseconds one token takes to come back. */
    private final long interval;
    /** How far ahead of now the full instant may run: {@code burst} tokens. */
    private final long tolerance;
    /** {@link System#nanoTime()} at which the bucket is full again; at or before now it is full. */
    private final AtomicLong fullAt;

    TokenBucket(double perSecond, int burst, long now) {
        this.interval = Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.tolerance = Math.multiplyExact(interval, (long) burst);
        this.fullAt = new AtomicLong(now);
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there is. */
    long take(long now) {
        while (true) {
            long current = fullAt.get();
            // nanoTime values are compared by their difference: they may wrap
            long next = (current - now < 0 ? now : current) + interval;
            long ahead = next - now;
            if (ahead > tolerance) {
                return ahead - tolerance;
            }
            if (fullAt.compareAndSet(current, next)) {
                return 0;
            }
        }
    }

    /** Full, so forgetting it changes nothing: a new bucket starts full as well. */
    boolean full(long now) {
        return fullAt.get() - now <= 0;
    }
}

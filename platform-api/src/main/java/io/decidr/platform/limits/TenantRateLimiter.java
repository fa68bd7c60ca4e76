package io.decidr.platform.limits;

import io.decidr.platform.security.Callers;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Operations per second per tenant, as token buckets ({@code decidr.limits.requests-per-second} and
 * {@code burst}, or a tenant's own under {@code decidr.limits.tenants}). HTTP requests and graphql-ws operations take
 * from the same bucket. In memory and per replica.
 *
 * <p>The hot path is a map lookup and one compare-and-set on the tenant's own bucket. Buckets that are full again
 * are dropped once a minute, so memory follows the tenants active in the last minute; dropping one is lossless
 * (a new bucket starts full), except that a caller racing the sweep may take its token from the dropped bucket
 * and so get one operation extra.
 */
@Component
public class TenantRateLimiter {

    private static final long SWEEP_EVERY = Duration.ofMinutes(1).toNanos();

    private final LimitProperties limits;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    @Autowired
    public TenantRateLimiter(LimitProperties limits) {
        this(limits, System::nanoTime);
    }

    TenantRateLimiter(LimitProperties limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.getAsLong() + SWEEP_EVERY);
    }

    /** The tenant a verified token names, if the caller has one (others are refused by security, not here). */
    public static Optional<String> tenantOf(Principal principal) {
        return principal instanceof JwtAuthenticationToken token
                ? Optional.ofNullable(token.getToken().getClaimAsString(Callers.TENANT_CLAIM))
                : Optional.empty();
    }

    /** Takes one operation from {@code tenant}'s rate. */
    public Admission admit(String tenant) {
        long now = clock.getAsLong();
        sweepIfDue(now);
        TokenBucket bucket = buckets.get(tenant);
        if (bucket == null) {
            bucket = buckets.computeIfAbsent(tenant,
                    t -> new TokenBucket(limits.requestsPerSecond(t), limits.burst(t), now));
        }
        long wait = bucket.take(now);
        return wait == 0 ? Admission.ADMITTED : new Admission.Throttled(Duration.ofNanos(wait));
    }

    /** Tenants with a bucket in memory. */
    int tracked() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        // one caller a minute wins the sweep; the others go on at once
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
    }
}

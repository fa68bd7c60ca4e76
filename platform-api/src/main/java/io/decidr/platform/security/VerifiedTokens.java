package io.decidr.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * A token decoder that verifies each distinct token once and then serves it from memory until it expires.
 *
 * <p>Clients send the same bearer token with every request; parsing it, checking its signature and running the
 * validators (the issuer check alone threw and caught an exception per request) cost about a tenth of a cheap read.
 * What is kept and why it is safe:
 * <ul>
 *   <li>Only tokens the delegate accepted are kept, keyed by their whole text (signature included): a token that
 *       differs in one character is verified afresh.</li>
 *   <li>An entry lives until the token's {@code exp} or {@code maxAge}, whichever comes first, and a hit is served
 *       only while {@code exp} lies ahead: the cache never stretches a token's life, not even by the clock skew the
 *       validators allow (a token inside that window is handed to the delegate again).</li>
 *   <li>{@code maxAge} bounds how long a change of the delegate's keys (a rotated signing key) takes to reach
 *       tokens already seen; {@code maximumSize} bounds memory however many clients there are.</li>
 *   <li>Refusals are not kept: a refused token costs a verification every time, as before.</li>
 * </ul>
 */
public final class VerifiedTokens implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Cache<String, Jwt> verified;
    private final Clock clock;

    public VerifiedTokens(ReactiveJwtDecoder delegate, Duration maxAge, long maximumSize, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(clockTicker(clock))
                .expireAfter(untilExpiry(maxAge, clock))
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && known.getExpiresAt().isAfter(clock.instant())) {
            return Mono.just(known);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(clock.instant())) {
                verified.put(token, jwt);
            }
        });
    }

    /** The delegate this cache stands in front of. */
    public ReactiveJwtDecoder delegate() {
        return delegate;
    }

    private static Expiry<String, Jwt> untilExpiry(Duration maxAge, Clock clock) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, Jwt jwt, long now) {
                Duration left = Duration.between(clock.instant(), jwt.getExpiresAt());
                return Math.max(0, Math.min(left.toNanos(), maxAge.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String token, Jwt jwt, long now, long currentDuration) {
                return expireAfterCreate(token, jwt, now);
            }

            @Override
            public long expireAfterRead(String token, Jwt jwt, long now, long currentDuration) {
                return currentDuration;
            }
        };
    }

    /** Entries age by the same clock that judges {@code exp}, so a test's clock moves both. */
    private static Ticker clockTicker(Clock clock) {
        Instant origin = Instant.EPOCH;
        return () -> Duration.between(origin, clock.instant()).toNanos();
    }
}

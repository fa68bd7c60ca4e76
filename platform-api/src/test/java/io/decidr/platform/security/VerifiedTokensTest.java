package io.decidr.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** The token cache in front of a real HS256 decoder, on a clock the test moves. */
class VerifiedTokensTest {

    private static final SecretKey KEY = SecurityConfiguration.hmacKey(Base64.getEncoder().encodeToString(new byte[48]));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(countingDecoder(), Duration.ofMinutes(5), 100, clock);

    @Test
    void verifiesATokenOnceAndServesItFromMemoryAfterwards() {
        String token = token(Duration.ofHours(1));
        Jwt first = tokens.decode(token).block();
        Jwt second = tokens.decode(token).block();
        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsExpiryHasPassed() {
        String token = token(Duration.ofMinutes(2));
        tokens.decode(token).block();
        clock.move(Duration.ofMinutes(2).plusSeconds(1));
        // inside the decoder's clock skew the delegate still accepts it; the cache never serves it past exp
        tokens.decode(token).block();
        assertThat(verifications).hasValue(2);
        clock.move(Duration.ofMinutes(2));
        assertThatThrownBy(() -> tokens.decode(token).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aTokenIsVerifiedAgainAfterMaxAgeSoRotatedKeysReachIt() {
        String token = token(Duration.ofHours(1));
        tokens.decode(token).block();
        clock.move(Duration.ofMinutes(4));
        tokens.decode(token).block();
        assertThat(verifications).hasValue(1);
        clock.move(Duration.ofMinutes(2));
        tokens.decode(token).block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusedTokensAreNotKeptAndATamperedCopyOfAKnownTokenIsRefused() {
        String token = token(Duration.ofHours(1));
        tokens.decode(token).block();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> tokens.decode(tampered).block()).isInstanceOf(JwtException.class);
        }
        assertThat(verifications).hasValue(3);
    }

    private ReactiveJwtDecoder countingDecoder() {
        NimbusReactiveJwtDecoder real = NimbusReactiveJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator expiry = new JwtTimestampValidator();
        expiry.setClock(clock);
        real.setJwtValidator(expiry);
        return token -> Mono.defer(() -> {
            verifications.incrementAndGet();
            return real.decode(token);
        });
    }

    private String token(Duration lifetime) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject("alice").issuedAt(now).expiresAt(now.plus(lifetime))
                .claim(Callers.TENANT_CLAIM, "00000000-0000-0000-0000-000000000001").build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(KEY))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

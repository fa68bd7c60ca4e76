package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.decidr.platform.security.SecurityConfiguration;
import io.decidr.platform.support.PlatformTest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * In HS256 mode a token must carry {@code exp}, the configured issuer and audience (the dev profile: {@code decidr-dev},
 * {@code decidr}); each test token differs from a valid one in exactly one claim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenValidationIT extends PlatformTest {

    RawHttp http;

    @BeforeAll
    void client() {
        http = new RawHttp(port);
    }

    @Test
    void a_token_with_every_required_claim_is_accepted() {
        assertThat(Fixture.data(http.graphql(token(claims -> claims), "{ me { user } }", null), "me", "user"))
                .isEqualTo("tess");
    }

    @Test
    void a_token_without_expiry_is_refused() {
        assertRefused(token(claims -> claims.expirationTime(null)));
    }

    @Test
    void a_token_that_expired_is_refused() {
        assertRefused(token(claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void a_token_of_another_issuer_or_none_is_refused() {
        assertRefused(token(claims -> claims.issuer("https://elsewhere.example")));
        assertRefused(token(claims -> claims.issuer(null)));
    }

    @Test
    void a_token_for_another_audience_or_none_is_refused() {
        assertRefused(token(claims -> claims.audience("another-api")));
        assertRefused(token(claims -> claims.audience((List<String>) null)));
    }

    @Test
    void the_shared_secret_must_be_base64_of_at_least_256_bits() {
        for (String weak : new String[] {"correct horse battery staple 1234", "a".repeat(32), "c2hvcnQ="}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecurityConfiguration.hmacKey(weak))
                    .as(weak).isInstanceOf(IllegalStateException.class).hasMessageContaining("256 bits");
        }
        assertThat(SecurityConfiguration.hmacKey(TEST_SECRET).getEncoded()).hasSizeGreaterThanOrEqualTo(32);
    }

    private void assertRefused(String token) {
        RawHttp.Reply reply = http.graphql(token, "{ me { user } }", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("UNAUTHENTICATED");
    }

    /** A token signed with the test secret: valid, but for what {@code change} does to its claims. */
    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject("tess")
                    .issuer("decidr-dev")
                    .audience("decidr")
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                    .claim("tenant_id", "00000000-0000-0000-0000-000000000000")
                    .claim("roles", List.of("member"));
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), change.apply(claims).build());
            jwt.sign(new MACSigner(SecurityConfiguration.hmacKey(TEST_SECRET).getEncoded()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}

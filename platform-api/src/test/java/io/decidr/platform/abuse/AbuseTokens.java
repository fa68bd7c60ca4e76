package io.decidr.platform.abuse;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.decidr.platform.security.SecurityConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bad credentials, signed here with Nimbus JOSE as an attacker or a broken client would: expired, signed with
 * another key, unsigned ({@code alg: none}), tampered, of the wrong algorithm; and tokens signed with the right
 * key whose claims are odd (no tenant, a tenant that is not a UUID, roles that are not a list of strings).
 */
final class AbuseTokens {

    /**
     * @param authorizations the {@code Authorization} header values sent (none, one, or several)
     * @param unauthorized   they prove nothing: the answer must carry no data
     */
    record Credentials(String name, List<String> authorizations, boolean unauthorized) {

        Credentials(String name, String authorization, boolean unauthorized) {
            this(name, authorization == null ? List.of() : List.of(authorization), unauthorized);
        }
    }

    private final byte[] secret;
    private final String tenant;

    AbuseTokens(String hmacSecret, String tenant) {
        this.secret = SecurityConfiguration.hmacKey(hmacSecret).getEncoded();
        this.tenant = tenant;
    }

    List<Credentials> all(String validToken) {
        List<Credentials> all = new ArrayList<>();
        all.add(new Credentials("no Authorization header", List.of(), true));
        all.add(new Credentials("empty bearer", "Bearer ", true));
        all.add(new Credentials("garbage bearer", "Bearer garbage", true));
        all.add(new Credentials("three empty segments", "Bearer a.b.c", true));
        all.add(new Credentials("basic scheme", "Basic dXNlcjpwYXNz", true));
        all.add(new Credentials("7 KB garbage", "Bearer " + "x".repeat(7_000), true));
        all.add(new Credentials("tampered signature", "Bearer " + validToken.substring(0, validToken.length() - 4) + "AAAA", true));
        all.add(new Credentials("tampered tenant claim", "Bearer " + tampered(validToken), true));
        all.add(new Credentials("signed with another key", bearer(signed(JWSAlgorithm.HS256, "another-key-".repeat(4).getBytes(StandardCharsets.UTF_8), claims(c -> { }))), true));
        all.add(new Credentials("expired", bearer(signed(JWSAlgorithm.HS256, secret, claims(c -> c.expirationTime(at(-3_600)).issueTime(at(-7_200))))), true));
        all.add(new Credentials("not yet valid", bearer(signed(JWSAlgorithm.HS256, secret, claims(c -> c.notBeforeTime(at(3_600))))), true));
        all.add(new Credentials("alg none", bearer(new PlainJWT(claims(c -> { })).serialize()), true));
        all.add(new Credentials("alg None with a signature", bearer(headerSwapped(signed(JWSAlgorithm.HS256, secret, claims(c -> { })), "{\"alg\":\"None\"}")), true));
        all.add(new Credentials("HS512 with the right secret", bearer(signed(JWSAlgorithm.HS512, longSecret(), claims(c -> { }))), true));
        all.add(new Credentials("RS256 header on an HMAC signature", bearer(headerSwapped(signed(JWSAlgorithm.HS256, secret, claims(c -> { })), "{\"alg\":\"RS256\"}")), true));
        all.add(new Credentials("two Authorization headers", List.of("Bearer garbage", "Bearer " + validToken), true));

        all.add(new Credentials("no tenant_id", bearer(signedClaims(c -> c.claim("tenant_id", null))), false));
        all.add(new Credentials("tenant_id not a UUID", bearer(signedClaims(c -> c.claim("tenant_id", "not-a-uuid"))), false));
        all.add(new Credentials("tenant_id a number", bearer(signedClaims(c -> c.claim("tenant_id", 12345))), false));
        all.add(new Credentials("roles a string", bearer(signedClaims(c -> c.claim("roles", "admin"))), false));
        all.add(new Credentials("roles numbers", bearer(signedClaims(c -> c.claim("roles", List.of(1, 2)))), false));
        all.add(new Credentials("roles an object", bearer(signedClaims(c -> c.claim("roles", Map.of("admin", true)))), false));
        // 500, not more: the token stays under the server's 8 KB header limit, so it is the claims that are judged
        all.add(new Credentials("500 roles", bearer(signedClaims(c -> c.claim("roles", Collections.nCopies(500, "admin")))), false));
        all.add(new Credentials("no subject", bearer(signedClaims(c -> c.subject(null))), false));
        all.add(new Credentials("4000-char subject", bearer(signedClaims(c -> c.subject("s".repeat(4_000)))), false));
        all.add(new Credentials("no expiry", bearer(signedClaims(c -> c.expirationTime(null))), false));
        all.add(new Credentials("issued in the future", bearer(signedClaims(c -> c.issueTime(at(86_400)))), false));
        all.add(new Credentials("another issuer", bearer(signedClaims(c -> c.issuer("someone-else"))), false));
        all.add(new Credentials("lower-case scheme", "bearer " + validToken, false));
        return all;
    }

    /** A well-signed token whose claims {@code change} altered. */
    String signedClaims(Consumer<JWTClaimsSet.Builder> change) {
        return signed(JWSAlgorithm.HS256, secret, claims(change));
    }

    /** The claims {@code POST /dev/token} writes for an admin of the tenant, then {@code change}. */
    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("decidr-dev")
                .subject("mallory")
                .issueTime(at(0))
                .expirationTime(at(3_600))
                .claim("tenant_id", tenant)
                .claim("roles", List.of("admin", "member", "operator"));
        change.accept(claims);
        return claims.build();
    }

    private static String signed(JWSAlgorithm algorithm, byte[] key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS512 needs 512 bits: the secret repeated, as a careless issuer would stretch it. */
    private byte[] longSecret() {
        byte[] key = new byte[Math.max(64, secret.length)];
        for (int i = 0; i < key.length; i++) {
            key[i] = secret[i % secret.length];
        }
        return key;
    }

    /** The token with its payload's tenant changed and the original signature kept. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"tenant_id\":\"[^\"]*\"", "\"tenant_id\":\"" + new java.util.UUID(0, 1) + "\"");
        return parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String headerSwapped(String token, String header) {
        String[] parts = token.split("\\.");
        return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static Date at(long secondsFromNow) {
        return Date.from(Instant.now().plusSeconds(secondsFromNow));
    }
}

package io.decidr.platform.dev;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.decidr.domain.access.Role;
import io.decidr.platform.security.Callers;
import io.decidr.platform.security.SecurityConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /dev/token}: a signed token for any tenant, user and roles, so a newcomer can call the API
 * at once. Exists in the {@code dev} profile only; everywhere else the path answers 404.
 */
@RestController
@Profile(DevProfile.NAME)
public class DevTokenController {

    /** The tenant a token names when the request names none (e.g. a platform admin's token). */
    public static final UUID PLATFORM_TENANT = new UUID(0, 0);

    private static final Duration LIFETIME = Duration.ofHours(12);

    private final NimbusJwtEncoder encoder;
    private final String issuer;
    private final List<String> audiences;

    public DevTokenController(@Value("${decidr.security.hmac-secret}") String secret,
            @Value("${decidr.security.issuer:decidr-dev}") String issuer, OAuth2ResourceServerProperties resourceServer) {
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(SecurityConfiguration.hmacKey(secret)));
        this.issuer = issuer;
        this.audiences = List.copyOf(resourceServer.getJwt().getAudiences());
    }

    /**
     * @param tenantId the tenant (defaults to the all-zero platform tenant)
     * @param user     the user id (the token's subject)
     * @param roles    role names: admin, member, operator, platform-admin
     */
    public record TokenRequest(String tenantId, String user, List<String> roles) {
    }

    public record TokenResponse(String token, String tenantId, String user, List<String> roles, Instant expiresAt) {
    }

    @PostMapping("/dev/token")
    public TokenResponse token(@RequestBody TokenRequest request) {
        if (request.user() == null || request.user().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "user is required");
        }
        String tenant = request.tenantId() == null ? PLATFORM_TENANT.toString() : request.tenantId();
        try {
            UUID.fromString(tenant);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "tenantId is not a UUID");
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        Set<Role> known = Callers.roles(roles);
        if (known.size() != Set.copyOf(roles).size()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "roles must be among admin, member, operator, platform-admin");
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(LIFETIME);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .claims(all -> {
                    if (!audiences.isEmpty()) {
                        all.put("aud", audiences);
                    }
                })
                .subject(request.user())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(Callers.TENANT_CLAIM, tenant)
                .claim(Callers.ROLES_CLAIM, roles)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new TokenResponse(token, tenant, request.user(), roles, expiresAt);
    }
}

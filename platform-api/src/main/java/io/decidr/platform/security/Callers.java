package io.decidr.platform.security;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.tenant.TenantId;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads who calls the API from the verified token: the user ({@code sub}), the tenant ({@code tenant_id};
 * the only source of the tenant, never a request argument) and the roles ({@code roles}).
 */
public final class Callers {

    public static final String TENANT_CLAIM = "tenant_id";
    public static final String ROLES_CLAIM = "roles";

    private Callers() {
    }

    /** The requester behind an authenticated request; FORBIDDEN when the token lacks what we need. */
    public static Requester requester(Principal principal) {
        if (!(principal instanceof JwtAuthenticationToken token)) {
            throw Rejection.forbidden("a bearer token is required");
        }
        Jwt jwt = token.getToken();
        String tenant = jwt.getClaimAsString(TENANT_CLAIM);
        if (tenant == null) {
            throw Rejection.forbidden("the token has no " + TENANT_CLAIM + " claim");
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw Rejection.forbidden("the token has no subject");
        }
        List<String> names = jwt.hasClaim(ROLES_CLAIM) ? jwt.getClaimAsStringList(ROLES_CLAIM) : List.of();
        return new Requester(TenantId.parse(tenant, TENANT_CLAIM), new Actor(new UserId(subject), roles(names)));
    }

    /** Known role names ({@code admin}, {@code member}, {@code operator}, {@code platform-admin}); others are ignored. */
    public static Set<Role> roles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            for (Role role : Role.values()) {
                if (claimName(role).equals(name)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** How a role is written in a token. */
    public static String claimName(Role role) {
        return role.name().toLowerCase().replace('_', '-');
    }
}

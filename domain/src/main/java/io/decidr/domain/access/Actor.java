package io.decidr.domain.access;

import java.util.Objects;
import java.util.Set;

/** Who issues a command: the user and the roles the token grants in the command's tenant. */
public record Actor(UserId user, Set<Role> roles) {

    public Actor {
        Objects.requireNonNull(user, "user");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}

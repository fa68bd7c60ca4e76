package io.decidr.domain.access;

import io.decidr.domain.decider.Rejection;

/** A user as the identity provider names it (the token's subject). */
public record UserId(String value) {

    public static final int MAX_LENGTH = 200;

    public UserId {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            throw Rejection.validation("user", "a user id is 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.decidr.application.handlers;

import io.decidr.domain.entity.Value;
import java.util.Objects;

/**
 * A value for an attribute as a caller names it: the attribute by id or name, and the typed value, which must be of
 * the kind the attribute takes ({@link io.decidr.domain.entity.ValueKind}).
 *
 * @param attribute the attribute's id or name
 */
public record ValueInput(String attribute, Value value) {

    public ValueInput {
        Objects.requireNonNull(value, "value");
    }
}

package io.decidr.application.command;

/**
 * An aggregate's state folded up to a stream version (0: no events yet).
 *
 * @param version the last event folded into the state
 * @param state   the state
 */
public record Versioned<S>(long version, S state) {
}

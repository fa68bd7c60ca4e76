package io.decidr.domain.decider;

import java.util.List;

/**
 * An aggregate as a pure function pair: {@code decide} turns a command and the current state into new
 * events (or throws a {@link Rejection}); {@code evolve} folds one event into the state.
 *
 * <p>Deciders never read clocks, generate ids or do I/O: everything they need arrives in the command.
 * {@code evolve} must never fail for an event that {@code decide} produced.
 *
 * @param <C> the aggregate's sealed command type
 * @param <S> the aggregate's state record
 * @param <E> the aggregate's sealed event type
 */
public interface Decider<C, S, E> {

    /** The state of an aggregate that has no events yet. */
    S initialState();

    /** Events that record the command's effect; empty when the command changes nothing. */
    List<E> decide(C command, S state);

    /** The state after {@code event}. */
    S evolve(S state, E event);

    /** Folds events, in order, into the state that starts from {@code state}. */
    default S fold(S state, Iterable<? extends E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }
}

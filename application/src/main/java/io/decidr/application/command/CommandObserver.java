package io.decidr.application.command;

/**
 * What the {@link CommandBus} tells about each command, for metrics: how it ended and how long it took, how long its
 * append took, and each conflict with another writer that made it decide again. Called on the command's own thread:
 * an implementation must be quick and must not throw.
 */
public interface CommandObserver {

    /** Observes nothing. */
    CommandObserver NONE = new CommandObserver() {
    };

    /** How a command ended. */
    enum Outcome {
        /** Events were appended. */
        WRITTEN,
        /** Decided, nothing to write (the state already was what the command asks). */
        UNCHANGED,
        /** Its command id was handled before: the first outcome was answered, nothing written. */
        DUPLICATE,
        /** Refused by the decider or the application (a typed rejection). */
        REJECTED,
        /** Refused after it kept losing to concurrent writers ({@code VERSION_CONFLICT}). */
        CONFLICT,
        /** Failed for another reason (e.g. the database was unreachable): its outcome may be unknown. */
        FAILED
    }

    /**
     * @param category the aggregate's stream category (e.g. {@code entity})
     * @param nanos    from dispatch to answer, waiting for earlier commands of the same aggregate included
     */
    default void handled(String category, Outcome outcome, long nanos) {
    }

    /** One append of the command's events, from its request to its answer (sharing a group commit included). */
    default void appended(String category, long nanos) {
    }

    /** Another writer appended to the aggregate first: the command decides again (or gives up, see CONFLICT). */
    default void conflicted(String category) {
    }
}

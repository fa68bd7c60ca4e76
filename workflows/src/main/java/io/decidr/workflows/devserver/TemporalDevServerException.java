package io.decidr.workflows.devserver;

/**
 * The dev Temporal server could not be found, started or stopped. The message says what to do about it and,
 * for a failed start, ends with the tail of the server's log.
 */
public class TemporalDevServerException extends RuntimeException {

    public TemporalDevServerException(String message) {
        super(message);
    }

    public TemporalDevServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.decidr.workflows.schedule;

/** The schedules cannot be reached: the Temporal server has none (the test server) or did not answer. */
public final class SchedulesUnavailable extends RuntimeException {

    SchedulesUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

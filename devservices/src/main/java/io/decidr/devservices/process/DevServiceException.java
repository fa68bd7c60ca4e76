package io.decidr.devservices.process;

/**
 * A development server could not be found, started or stopped. The message says what to do about it and, for a
 * failed start, ends with the last lines of the server's logs.
 */
public class DevServiceException extends RuntimeException {

    public DevServiceException(String message) {
        super(message);
    }

    public DevServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}

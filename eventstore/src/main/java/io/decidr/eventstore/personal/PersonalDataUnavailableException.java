package io.decidr.eventstore.personal;

/** Personal data could not be opened because its key store cannot be read now; nothing is lost, try again later. */
public final class PersonalDataUnavailableException extends RuntimeException {

    public PersonalDataUnavailableException(String message) {
        super(message);
    }

    public PersonalDataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.decidr.eventstore.personal;

import java.util.UUID;

/** A key was asked for a subject whose personal data was erased: it takes no new personal data. */
public final class SubjectErasedException extends RuntimeException {

    public SubjectErasedException(UUID subject) {
        super("the personal data of " + subject + " was erased: it takes no new personal data");
    }
}

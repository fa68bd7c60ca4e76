package io.decidr.eventstore.personal;

/**
 * An append brought a {@link NewKey} for a subject that has a row in the key table already (a key, or an erasure):
 * nothing of the append was written. Seal with the subject's stored key ({@link PersonalKeys#keyFor}) and append again.
 */
public final class SubjectHasKeyException extends RuntimeException {

    public SubjectHasKeyException(String stream) {
        super("an append to " + stream + " brought a new key for a subject that has one (or was erased) already");
    }
}

package io.decidr.eventstore.personal;

import java.util.Objects;
import java.util.UUID;

/**
 * A data key made for a subject that has none yet, not stored anywhere so far: the event log stores it in the same
 * statement and commit as the first events it seals ({@link PersonalKeys#newKey}), so that a key exists exactly when
 * something sealed with it does.
 *
 * @param subject     the data subject
 * @param key         the key, to seal with now
 * @param masterKeyId the master key that wrapped it
 * @param wrapped     the key wrapped by that master key, as the key table keeps it
 */
public record NewKey(UUID subject, DataKey key, String masterKeyId, byte[] wrapped) {

    public NewKey {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(wrapped, "wrapped");
    }

    @Override
    public String toString() {
        return "NewKey[" + subject + ", " + key.id() + "]";
    }
}

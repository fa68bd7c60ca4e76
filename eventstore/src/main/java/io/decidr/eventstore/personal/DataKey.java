package io.decidr.eventstore.personal;

import java.util.Objects;
import java.util.UUID;
import javax.crypto.SecretKey;

/** A data subject's key (256-bit AES) and its id, which sealed values name. */
public record DataKey(UUID id, SecretKey key) {

    public DataKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "DataKey[" + id + "]";
    }
}

package io.decidr.eventstore.personal;

import java.util.Map;
import java.util.UUID;

/** The data keys a read may open sealed values with, fetched before decoding (decoding itself never waits). */
public interface KeyRing {

    /** What the ring knows of the key: its bytes, that it was erased, or that it could not be read now. */
    Lookup find(UUID keyId);

    sealed interface Lookup {
    }

    record Found(DataKey key) implements Lookup {
    }

    /** The key was erased (or never existed): what it sealed is gone. */
    enum Erased implements Lookup { ERASED }

    /** The key store could not be read: what the key sealed is there, just not readable now. */
    enum Unavailable implements Lookup { UNAVAILABLE }

    /** For data that holds no sealed values: finding any key is a programming error (the ring was not fetched). */
    KeyRing NONE = keyId -> {
        throw new IllegalStateException("sealed personal data read without fetching its keys (key " + keyId + ")");
    };

    /** A ring for when the key store cannot be reached: every key is unavailable. */
    KeyRing UNREADABLE = keyId -> Unavailable.UNAVAILABLE;

    /** The keys found; any other id was erased. */
    static KeyRing of(Map<UUID, DataKey> keys) {
        Map<UUID, DataKey> found = Map.copyOf(keys);
        return keyId -> {
            DataKey key = found.get(keyId);
            return key == null ? Erased.ERASED : new Found(key);
        };
    }
}

package io.decidr.eventstore.personal;

import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The data subjects' keys: created on a subject's first personal value, read to open sealed values, erased for good. */
public interface PersonalKeys {

    /**
     * The subject's key, created when it has none.
     *
     * @return an error {@link SubjectErasedException} when the subject was erased
     */
    Mono<DataKey> keyFor(UUID tenant, UUID subject);

    /**
     * A key for a subject that most likely has none yet (its stream is being created), made here but not stored: the
     * event log stores it with the first events it seals, in the same commit (an append that finds the subject with a
     * key or an erasure already fails with {@link SubjectHasKeyException}, writing nothing). Empty from a store that
     * keeps its keys apart from the log, or knows that the subject has a key: then use {@link #keyFor}.
     */
    default Mono<NewKey> newKey(UUID tenant, UUID subject) {
        return Mono.empty();
    }

    /** The log stored {@code key} (made by {@link #newKey}): a store may keep it in memory from now on. */
    default void stored(UUID tenant, NewKey key) {
    }

    /** A ring with the keys of {@code keyIds} that exist in the tenant; any other is erased. */
    Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds);

    /**
     * {@link #ring} for a reader that applies the log in its order (a projector): every erasure reaches it as an event
     * after the values it erases, so a key erased a moment ago (in another process) may still open what precedes that
     * event. A store may then serve keys it keeps in memory for longer than {@link #ring} would.
     */
    default Mono<KeyRing> ringInLogOrder(UUID tenant, Set<UUID> keyIds) {
        return ring(tenant, keyIds);
    }

    /**
     * Deletes the subject's key for good (recording who, when and why); a subject without a key gets none from now on.
     *
     * @return whether this call erased it (false: it was erased before)
     */
    Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason);

    /** For stores without personal data: creating a key fails, rings are empty of keys. */
    PersonalKeys NONE = new PersonalKeys() {
        @Override
        public Mono<DataKey> keyFor(UUID tenant, UUID subject) {
            return Mono.error(new IllegalStateException("personal data needs a key store, and none is configured"));
        }

        @Override
        public Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds) {
            return keyIds.isEmpty() ? Mono.just(KeyRing.NONE)
                    : Mono.error(new IllegalStateException("personal data needs a key store, and none is configured"));
        }

        @Override
        public Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason) {
            return Mono.error(new IllegalStateException("personal data needs a key store, and none is configured"));
        }
    };
}

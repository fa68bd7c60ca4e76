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
     * {@link #keyFor} for a subject that most likely has no key yet (its stream is being created): a store may try
     * creating the key first and read only when one existed, saving a look-up. Same answers as {@link #keyFor}.
     */
    default Mono<DataKey> keyForNew(UUID tenant, UUID subject) {
        return keyFor(tenant, subject);
    }

    /** A ring with the keys of {@code keyIds} that exist in the tenant; any other is erased. */
    Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds);

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

package io.decidr.eventstore.personal;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Wraps and unwraps data keys, as a key management service does (encrypt / decrypt with an encryption context): the
 * master key itself never leaves it. The context (tenant, subject) is bound to the wrapped key, so a wrapped key copied
 * to another subject's row does not unwrap.
 */
public interface MasterKey {

    /** {@code dataKey} encrypted under the active master key. */
    Mono<Wrapped> wrap(byte[] dataKey, Map<String, String> context);

    /** The data key, decrypted under the master key that wrapped it; an error if that key is unknown or it was altered. */
    Mono<byte[]> unwrap(Wrapped wrapped, Map<String, String> context);

    /** A data key as the master key {@code masterKeyId} wrapped it. */
    record Wrapped(String masterKeyId, byte[] ciphertext) {
    }
}

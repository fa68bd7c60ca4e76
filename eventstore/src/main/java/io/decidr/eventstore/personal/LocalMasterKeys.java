package io.decidr.eventstore.personal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;

/**
 * Master keys from configuration (256-bit AES, by id): new data keys are wrapped with the active one, older ones keep
 * unwrapping what they wrapped (rotation). AES-GCM, the context bound as associated data.
 */
public final class LocalMasterKeys implements MasterKey {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String active;
    private final SecureRandom random = new SecureRandom();

    /** @param keys 32-byte keys by id; {@code active} must be one of them */
    public LocalMasterKeys(Map<String, byte[]> keys, String active) {
        Objects.requireNonNull(active, "active");
        Map<String, SecretKey> checked = new TreeMap<>();
        keys.forEach((id, bytes) -> {
            if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("a master key id is 1 to 64 letters, digits, '.', '_' or '-': " + id);
            }
            if (bytes == null || bytes.length != 32) {
                throw new IllegalArgumentException("master key " + id + " must be 32 bytes (256-bit AES)");
            }
            checked.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        if (!checked.containsKey(active)) {
            throw new IllegalArgumentException("the active master key " + active + " is not among " + checked.keySet());
        }
        this.keys = Map.copyOf(checked);
        this.active = active;
    }

    @Override
    public Mono<Wrapped> wrap(byte[] dataKey, Map<String, String> context) {
        return Mono.fromCallable(() -> {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Ciphers.masterAesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(active), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(active, context));
            byte[] sealed = cipher.doFinal(dataKey);
            return new Wrapped(active, ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        });
    }

    @Override
    public Mono<byte[]> unwrap(Wrapped wrapped, Map<String, String> context) {
        return Mono.fromCallable(() -> {
            SecretKey key = keys.get(wrapped.masterKeyId());
            if (key == null) {
                throw new IllegalStateException("master key " + wrapped.masterKeyId()
                        + " is not configured: it wrapped keys that are still in use");
            }
            byte[] bytes = wrapped.ciphertext();
            try {
                Cipher cipher = Ciphers.masterAesGcm();
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
                cipher.updateAAD(associated(wrapped.masterKeyId(), context));
                return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a data key does not unwrap under master key " + wrapped.masterKeyId()
                        + " for its subject: it was altered or moved", e);
            }
        });
    }

    private static byte[] associated(String keyId, Map<String, String> context) {
        StringBuilder text = new StringBuilder(keyId);
        new TreeMap<>(context).forEach((name, value) -> text.append('\n').append(name).append('=').append(value));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}

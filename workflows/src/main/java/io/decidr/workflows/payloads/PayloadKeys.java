package io.decidr.workflows.payloads;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys Temporal payloads are encrypted with, by id: the active one encrypts, every one decrypts (so a key is
 * rotated by adding a new one, making it active, and removing the old one only once no history still needs it).
 */
public final class PayloadKeys {

    private final Map<String, SecretKey> keys;
    private final String active;

    /**
     * @param keys   key id to the key's bytes in Base64 (16, 24 or 32 bytes: AES-128, -192 or -256)
     * @param active the id of the key that encrypts
     */
    public PayloadKeys(Map<String, String> keys, String active) {
        Objects.requireNonNull(keys, "keys");
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        keys.forEach((id, base64) -> parsed.put(id, key(id, base64)));
        if (active == null || !parsed.containsKey(active)) {
            throw new IllegalArgumentException("the active payload key \"" + active + "\" is not among the keys "
                    + parsed.keySet());
        }
        this.keys = Map.copyOf(parsed);
        this.active = active;
    }

    String activeId() {
        return active;
    }

    SecretKey active() {
        return keys.get(active);
    }

    /** The key of that id, or null. */
    SecretKey byId(String id) {
        return keys.get(id);
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload key \"" + id + "\" is not Base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalArgumentException("payload key \"" + id + "\" has " + bytes.length
                    + " bytes; AES takes 16, 24 or 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Never the keys in a log line. */
    @Override
    public String toString() {
        return "PayloadKeys[active=" + active + ", ids=" + keys.keySet() + "]";
    }
}

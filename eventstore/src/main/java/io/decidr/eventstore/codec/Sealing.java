package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.personal.Ciphers;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals personal values inside encoded JSON and opens them again. A sealed value is an object
 * {@code {"$personal": "<key id>:<base64 of nonce and AES-GCM ciphertext>", "erased": <stand-in>}} in the value's
 * place: the key id names the subject's data key, bound as associated data; the stand-in is what a reader gets once
 * that key is erased. Nothing else of the document changes, so type names, ids and non-personal values stay readable
 * (and indexable) without any key.
 */
public final class Sealing {

    /** The field that marks a sealed value. */
    public static final String MARK = "$personal";
    /** A stand-in for a value whose key cannot be read now (the key store is down): {@code {"kind":"unavailable"}}. */
    public static final ObjectNode UNAVAILABLE = JsonNodeFactory.instance.objectNode().put("kind", "unavailable");

    private static final Pattern KEY_ID = Pattern.compile(
            "\"\\" + MARK + "\"\\s*:\\s*\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealing() {
    }

    /** Whether encoded JSON holds any sealed value (a quick look at the text, no parsing). */
    public static boolean holdsSealed(String json) {
        return json.contains(MARK);
    }

    /** The ids of the keys that sealed values in the encoded JSON. */
    public static Set<UUID> keyIds(String json) {
        if (!holdsSealed(json)) {
            return Set.of();
        }
        Set<UUID> ids = new HashSet<>();
        Matcher matcher = KEY_ID.matcher(json);
        while (matcher.find()) {
            ids.add(UUID.fromString(matcher.group(1)));
        }
        return ids;
    }

    /** Seals the personal parts of {@code root} in place with {@code key}; parts absent or null are left as they are. */
    public static void seal(ObjectNode root, Personal personal, DataKey key, ObjectMapper mapper) {
        for (Personal.Part part : personal.parts()) {
            JsonPointer pointer = JsonPointer.compile(part.pointer());
            JsonNode value = root.at(pointer);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            JsonNode parent = root.at(pointer.head());
            ObjectNode sealed = JsonNodeFactory.instance.objectNode();
            sealed.put(MARK, key.id() + ":" + encrypt(key, bytes(mapper, value)));
            sealed.set("erased", part.erased());
            if (parent instanceof ObjectNode object) {
                object.set(pointer.last().getMatchingProperty(), sealed);
            } else if (parent instanceof ArrayNode array) {
                array.set(pointer.last().getMatchingIndex(), sealed);
            } else {
                throw new IllegalStateException("no place for a sealed value at " + part.pointer());
            }
        }
    }

    /**
     * Opens every sealed value in {@code node} (in place) with the ring's keys: an erased key leaves the value's stand-in,
     * an unreadable one what {@code unavailable} gives (a stand-in, or it throws). Answers the node to use in its place.
     */
    public static JsonNode open(JsonNode node, KeyRing ring, ObjectMapper mapper, Supplier<JsonNode> unavailable) {
        if (node instanceof ObjectNode object) {
            JsonNode mark = object.get(MARK);
            if (mark != null && mark.isTextual()) {
                return opened(object, mark.asText(), ring, mapper, unavailable);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode replaced = open(field.getValue(), ring, mapper, unavailable);
                if (replaced != field.getValue()) {
                    field.setValue(replaced);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replaced = open(array.get(i), ring, mapper, unavailable);
                if (replaced != array.get(i)) {
                    array.set(i, replaced);
                }
            }
        }
        return node;
    }

    private static JsonNode opened(ObjectNode sealed, String text, KeyRing ring, ObjectMapper mapper,
            Supplier<JsonNode> unavailable) {
        int colon = text.indexOf(':');
        UUID keyId;
        try {
            keyId = UUID.fromString(text.substring(0, colon));
        } catch (RuntimeException e) {
            throw new IllegalStateException("a sealed value is malformed: it does not start with a key id and ':'", e);
        }
        return switch (ring.find(keyId)) {
            case KeyRing.Found found -> {
                try {
                    yield mapper.readTree(decrypt(found.key(), text.substring(colon + 1)));
                } catch (IOException e) {
                    throw new IllegalStateException("a sealed value under key " + keyId + " is not JSON", e);
                }
            }
            case KeyRing.Erased erased -> {
                JsonNode standIn = sealed.get("erased");
                yield standIn == null ? JsonNodeFactory.instance.nullNode() : standIn;
            }
            case KeyRing.Unavailable down -> unavailable.get();
        };
    }

    private static byte[] bytes(ObjectMapper mapper, JsonNode value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a personal value", e);
        }
    }

    private static String encrypt(DataKey key, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Ciphers.aesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.id().toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a personal value", e);
        }
    }

    private static byte[] decrypt(DataKey key, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a value sealed under key " + key.id() + " is malformed: not Base64", e);
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a value sealed under key " + key.id() + " is malformed: too short");
        }
        try {
            Cipher cipher = Ciphers.aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(key.id().toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a value sealed under key " + key.id() + " does not open: it was altered", e);
        }
    }
}

package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
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
     * The encoded JSON with the personal parts sealed with {@code key}, as {@link #seal(ObjectNode, Personal, DataKey,
     * ObjectMapper)} seals them in a tree, but on the text: each part's JSON text is sealed as it stands and put in its
     * place, and no tree is built (the write path's way: it has the text already). Parts absent or null are left as
     * they are.
     */
    public static String seal(String json, Personal personal, DataKey key, ObjectMapper mapper) {
        List<String[]> paths = new ArrayList<>(personal.parts().size());
        for (Personal.Part part : personal.parts()) {
            paths.add(segments(part.pointer()));
        }
        StringBuilder sealed = new StringBuilder(json.length() + 160 * paths.size());
        int copied = 0;
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isStructEnd()) {
                    continue;
                }
                JsonStreamContext at = token.isStructStart() ? parser.getParsingContext().getParent()
                        : parser.getParsingContext();
                int index = partAt(paths, at);
                if (index < 0) {
                    continue;
                }
                int start = (int) parser.currentTokenLocation().getCharOffset();
                int end;
                if (token.isStructStart()) {
                    parser.skipChildren();
                    end = (int) parser.currentTokenLocation().getCharOffset() + 1;
                } else {
                    parser.finishToken();
                    end = (int) parser.currentLocation().getCharOffset();
                }
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (start < copied || end <= start || end > json.length()) {
                    throw new IllegalStateException("cannot place a sealed value at " + personal.parts().get(index).pointer());
                }
                byte[] plain = json.substring(start, end).getBytes(StandardCharsets.UTF_8);
                sealed.append(json, copied, start)
                        .append("{\"").append(MARK).append("\":\"").append(key.id()).append(':')
                        .append(encrypt(key, plain)).append("\",\"erased\":")
                        .append(mapper.writeValueAsString(personal.parts().get(index).erased())).append('}');
                copied = end;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot seal personal values in encoded JSON", e);
        }
        return copied == 0 ? json : sealed.append(json, copied, json.length()).toString();
    }

    /** A JSON pointer's reference tokens, unescaped ({@code ~1} is '/', {@code ~0} is '~'). */
    private static String[] segments(String pointer) {
        if (pointer.isEmpty()) {
            return new String[0];
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("not a JSON pointer: " + pointer);
        }
        String[] segments = pointer.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].indexOf('~') >= 0) {
                segments[i] = segments[i].replace("~1", "/").replace("~0", "~");
            }
        }
        return segments;
    }

    /** Which of the paths names the value the parser is at ({@code at}: the context it is a member of), or -1. */
    private static int partAt(List<String[]> paths, JsonStreamContext at) {
        int depth = 0;
        for (JsonStreamContext context = at; context != null && !context.inRoot(); context = context.getParent()) {
            depth++;
        }
        for (int i = 0; i < paths.size(); i++) {
            String[] path = paths.get(i);
            if (path.length != depth || depth == 0) {
                continue;
            }
            boolean same = true;
            JsonStreamContext context = at;
            for (int segment = depth - 1; segment >= 0 && same; segment--, context = context.getParent()) {
                same = context.inObject() ? path[segment].equals(context.getCurrentName())
                        : path[segment].equals(Integer.toString(context.getCurrentIndex()));
            }
            if (same) {
                return i;
            }
        }
        return -1;
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

    /**
     * The encoded JSON with every sealed value opened with the ring's keys, as {@link #open(JsonNode, KeyRing,
     * ObjectMapper, Supplier)} opens them in a tree, but on the text: a value opens to the JSON text it was sealed
     * from, an erased one to its stand-in as written, an unreadable one to what {@code unavailable} gives (JSON text, or
     * it throws). The same string when nothing in it is sealed.
     */
    public static String open(String json, KeyRing ring, ObjectMapper mapper, Supplier<String> unavailable) {
        if (!holdsSealed(json)) {
            return json;
        }
        Opening opening = new Opening(json, ring, unavailable);
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token != null) {
                opening.value(parser, token);
            }
        } catch (IOException e) {
            throw new IllegalStateException("encoded JSON with sealed values does not parse", e);
        }
        return opening.result();
    }

    /**
     * One document's sealed values found and opened in one pass over its text. A sealed value is an object with a
     * textual mark, its members in any order (PostgreSQL's jsonb puts "erased" first); what it is replaced by is
     * collected as spans of the text, put together at the end.
     */
    private static final class Opening {

        private final String json;
        private final KeyRing ring;
        private final Supplier<String> unavailable;
        private final List<int[]> spans = new ArrayList<>();
        private final List<String> replacements = new ArrayList<>();

        Opening(String json, KeyRing ring, Supplier<String> unavailable) {
            this.json = json;
            this.ring = ring;
            this.unavailable = unavailable;
        }

        /** The value starting at {@code token}; the parser is left at its last token. */
        void value(JsonParser parser, JsonToken token) throws IOException {
            if (token == JsonToken.START_ARRAY) {
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    value(parser, element);
                }
            } else if (token == JsonToken.START_OBJECT) {
                object(parser);
            }
        }

        private void object(JsonParser parser) throws IOException {
            int start = (int) parser.currentTokenLocation().getCharOffset();
            int inside = spans.size();
            String sealed = null;
            String standIn = "null";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                int from = (int) parser.currentTokenLocation().getCharOffset();
                if (MARK.equals(name) && token == JsonToken.VALUE_STRING) {
                    sealed = parser.getText();
                    continue;
                }
                value(parser, token);
                if ("erased".equals(name)) {
                    standIn = json.substring(from, end(parser, token));
                }
            }
            if (sealed != null) {
                // a sealed value holds nothing sealed: what was found inside it is its stand-in's, replaced with it
                while (spans.size() > inside) {
                    spans.removeLast();
                    replacements.removeLast();
                }
                spans.add(new int[] {start, (int) parser.currentTokenLocation().getCharOffset() + 1});
                replacements.add(openedText(sealed, standIn, ring, unavailable));
            }
        }

        /** Where the value that started with {@code token} ends (the parser at its last token). */
        private static int end(JsonParser parser, JsonToken token) throws IOException {
            if (token.isStructStart()) {
                return (int) parser.currentTokenLocation().getCharOffset() + 1;
            }
            parser.finishToken();
            return (int) parser.currentLocation().getCharOffset();
        }

        String result() {
            if (spans.isEmpty()) {
                return json;
            }
            StringBuilder opened = new StringBuilder(json.length());
            int copied = 0;
            for (int i = 0; i < spans.size(); i++) {
                opened.append(json, copied, spans.get(i)[0]).append(replacements.get(i));
                copied = spans.get(i)[1];
            }
            return opened.append(json, copied, json.length()).toString();
        }
    }

    private static String openedText(String text, String standIn, KeyRing ring, Supplier<String> unavailable) {
        int colon = text.indexOf(':');
        UUID keyId = keyIdOf(text, colon);
        return switch (ring.find(keyId)) {
            case KeyRing.Found found -> new String(decrypt(found.key(), text.substring(colon + 1)), StandardCharsets.UTF_8);
            case KeyRing.Erased erased -> standIn;
            case KeyRing.Unavailable down -> unavailable.get();
        };
    }

    private static JsonNode opened(ObjectNode sealed, String text, KeyRing ring, ObjectMapper mapper,
            Supplier<JsonNode> unavailable) {
        int colon = text.indexOf(':');
        UUID keyId = keyIdOf(text, colon);
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

    /** The key id a sealed value's text starts with, before {@code colon}. */
    private static UUID keyIdOf(String text, int colon) {
        try {
            return UUID.fromString(text.substring(0, colon));
        } catch (RuntimeException e) {
            throw new IllegalStateException("a sealed value is malformed: it does not start with a key id and ':'", e);
        }
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

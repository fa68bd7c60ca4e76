package io.decidr.platform.abuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request bodies as JSON bytes. Surrogate characters are written as {@code \}{@code uXXXX} escapes, so a lone
 * surrogate (which UTF-8 cannot carry) still reaches the server as the JSON text a hostile client would send.
 */
final class JsonBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new SurrogateEscapes());
    }

    private JsonBodies() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"query": ..., "variables": ...}}; no {@code variables} key when there are none. */
    static Map<String, Object> operation(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        if (variables != null && !variables.isEmpty()) {
            body.put("variables", variables);
        }
        return body;
    }

    private static final class SurrogateEscapes extends CharacterEscapes {

        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}

package io.decidr.eventstore.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which parts of an event or state are personal data, and whose: sealed with {@code subject}'s key when encoded.
 *
 * @param subject the data subject (an entity, a comment)
 * @param parts   where the personal values are in the encoded JSON
 */
public record Personal(UUID subject, List<Part> parts) {

    public Personal {
        Objects.requireNonNull(subject, "subject");
        parts = List.copyOf(parts);
    }

    /**
     * A personal value at {@code pointer} (a JSON pointer into the encoded object), and what stands in its place once
     * its key is erased ({@code erased}: for a value {@code {"kind":"erased"}}, for a text null).
     */
    public record Part(String pointer, JsonNode erased) {

        public Part {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(erased, "erased");
        }
    }

    /** Tells, for a value of an aggregate's type, its personal parts: null when it has none. */
    @FunctionalInterface
    public interface Parts<T> extends Function<T, Personal> {

        /** For types without personal data. */
        static <T> Parts<T> none() {
            return value -> null;
        }
    }
}

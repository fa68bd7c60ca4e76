package io.decidr.domain.collection;

import java.util.List;

/** One of a fixed list of {@code options}, matched exactly (case-sensitive); the list's order is display order. */
public record SelectType(List<String> options) implements AttributeType {

    public static final int MAX_OPTIONS = 100;
    public static final int MAX_OPTION_LENGTH = 100;

    public SelectType {
        options = List.copyOf(options);
    }
}

package io.decidr.platform.abuse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs of the server's insides in a text meant for clients: stack frames, exception and framework names, fully
 * qualified class names and the {@code Name{field=...}} shape of a Java object's {@code toString()}. Applied to
 * error messages, extensions and non-GraphQL bodies, never to data (which may legitimately hold any text).
 */
final class Leaks {

    private static final List<String> MARKERS = List.of("\tat ", "Exception", "java.", "javax.", "org.springframework",
            "reactor.", "io.netty", "graphql.execution", "io.decidr", "com.fasterxml", "Caused by", "Throwable");

    /** {@code io.decidr.graphql.Foo}, {@code org.x.Bar$Baz}: a package path ending in a class name. */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*");

    /** {@code StringValue{value='x'}}: a Java object printed with its class name. */
    private static final Pattern OBJECT_TO_STRING = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\{[a-z][A-Za-z0-9]*=");

    private Leaks() {
    }

    /** The first sign found, quoted with a little context; empty when the text shows nothing of the insides. */
    static Optional<String> find(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (String marker : MARKERS) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                return Optional.of(context(text, at, marker));
            }
        }
        for (Pattern pattern : List.of(QUALIFIED_CLASS, OBJECT_TO_STRING)) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return Optional.of(context(text, matcher.start(), matcher.group()));
            }
        }
        return Optional.empty();
    }

    private static String context(String text, int at, String marker) {
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + marker.length() + 60);
        return "'" + marker.strip() + "' in …" + Texts.cut(text.substring(from, to), 200) + "…";
    }
}

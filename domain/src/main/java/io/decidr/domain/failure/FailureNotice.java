package io.decidr.domain.failure;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure as users see it: a stable {@code code} (what kind of failure, for programs), a short {@code message} (for
 * people; never an exception class, a stack trace or a driver's or Temporal's own text) and, when there is more to
 * know, the {@code incident} id under which the full detail was logged.
 *
 * <p>It is kept as one text, {@code CODE: message; incident <id>} ({@link #text()}), where a failure has always been
 * a text: in events (immutable, shown through the history), in the read models and on parked events. {@link #parse}
 * reads it back; a text written before notices existed does not parse.
 *
 * @param incident null when nothing was logged beyond the message
 */
public record FailureNotice(String code, String message, UUID incident) {

    /** Longer messages are cut: a notice is a summary, the detail is in the log. */
    public static final int MAX_MESSAGE = 500;

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern TEXT = Pattern.compile(
            "([A-Z][A-Z0-9_]*): (.*?)(?:; incident ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))?",
            Pattern.DOTALL);

    public FailureNotice {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a failure code is upper case letters, digits and _: " + code);
        }
        Objects.requireNonNull(message, "message");
        message = message.replaceAll("\\s+", " ").strip();
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 3) + "...";
        }
    }

    /** A notice whose detail is in the log under {@code incident}. */
    public static FailureNotice of(String code, String message, UUID incident) {
        return new FailureNotice(code, message, Objects.requireNonNull(incident, "incident"));
    }

    /** A notice that says all there is: nothing more was logged. */
    public static FailureNotice of(String code, String message) {
        return new FailureNotice(code, message, null);
    }

    /** {@code CODE: message}, then {@code ; incident <id>} when there is one. */
    public String text() {
        return code + ": " + message + (incident == null ? "" : "; incident " + incident);
    }

    /** The notice a {@link #text()} was made of; empty for any other text (e.g. one written before notices existed). */
    public static Optional<FailureNotice> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        UUID incident = matcher.group(3) == null ? null : UUID.fromString(matcher.group(3));
        return Optional.of(new FailureNotice(matcher.group(1), matcher.group(2), incident));
    }

    @Override
    public String toString() {
        return text();
    }
}

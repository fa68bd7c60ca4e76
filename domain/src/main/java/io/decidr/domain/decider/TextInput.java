package io.decidr.domain.decider;

/** Text typed by people (names, reasons, comment bodies): stripped, then held to a length range. */
public final class TextInput {

    private TextInput() {
    }

    /**
     * {@code raw} without leading and trailing white space; a {@code VALIDATION_FAILED} rejection naming
     * {@code field} when nothing is left, or more than {@code maxLength} characters.
     */
    public static String stripped(String raw, String field, int maxLength) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() || text.length() > maxLength) {
            throw Rejection.validation(field, field + " must be 1 to " + maxLength + " characters");
        }
        return text;
    }
}

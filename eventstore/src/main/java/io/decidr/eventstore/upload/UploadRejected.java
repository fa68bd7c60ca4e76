package io.decidr.eventstore.upload;

/** An upload refused while it is received; nothing of it is kept. */
public final class UploadRejected extends RuntimeException {

    /** Why, each with the stable code the API answers with. */
    public enum Reason {
        /** The file is larger than an upload may be. */
        TOO_LARGE("UPLOAD_TOO_LARGE"),
        /** The tenant's stored uploads would exceed its share. */
        QUOTA_EXCEEDED("UPLOAD_QUOTA_EXCEEDED"),
        /** The file cannot be cut into rows (an unclosed quote, a row too long, no CSV header). */
        MALFORMED("UPLOAD_MALFORMED");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public UploadRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

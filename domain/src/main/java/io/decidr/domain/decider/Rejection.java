package io.decidr.domain.decider;

import java.util.Objects;
import java.util.Optional;

/**
 * A command refused by a decider (or by the application around it): a stable {@link RejectionCode},
 * a message meant for people, and the input field at fault when there is one.
 *
 * <p>A rejected command writes nothing.
 */
public final class Rejection extends RuntimeException {

    private final RejectionCode code;
    private final String field;

    public Rejection(RejectionCode code, String field, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public RejectionCode code() {
        return code;
    }

    /** The input field the rejection is about, e.g. {@code values.price} or {@code name}. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public static Rejection alreadyExists(String message) {
        return new Rejection(RejectionCode.ALREADY_EXISTS, null, message);
    }

    /** Like {@link #alreadyExists(String)}, naming the input field whose value is taken (e.g. {@code name}). */
    public static Rejection alreadyExists(String field, String message) {
        return new Rejection(RejectionCode.ALREADY_EXISTS, field, message);
    }

    public static Rejection notFound(String message) {
        return new Rejection(RejectionCode.NOT_FOUND, null, message);
    }

    public static Rejection validation(String field, String message) {
        return new Rejection(RejectionCode.VALIDATION_FAILED, field, message);
    }

    public static Rejection tenantSuspended(String message) {
        return new Rejection(RejectionCode.TENANT_SUSPENDED, null, message);
    }

    public static Rejection archived(String message) {
        return new Rejection(RejectionCode.ARCHIVED, null, message);
    }

    public static Rejection forbidden(String message) {
        return new Rejection(RejectionCode.FORBIDDEN, null, message);
    }

    public static Rejection versionConflict(String message) {
        return new Rejection(RejectionCode.VERSION_CONFLICT, null, message);
    }

    public static Rejection invalidState(String message) {
        return new Rejection(RejectionCode.INVALID_STATE, null, message);
    }
}

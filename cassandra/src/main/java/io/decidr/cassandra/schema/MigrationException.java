package io.decidr.cassandra.schema;

import java.util.Objects;

/** The schema cannot be brought up to date; start-up must stop. The code is stable, the message says what to do. */
public final class MigrationException extends RuntimeException {

    /** Why migrating failed. */
    public enum Code {
        /** The index or a file it lists is not on the classpath. */
        MISSING_FILE,
        /** A listed name is not {@code V<n>__<description>.cql}, or two files share a version. */
        BAD_FILE_NAME,
        /** A file's text cannot be split into statements, or a statement is not safe to run twice. */
        BAD_STATEMENT,
        /** An applied file was changed afterwards. */
        CHECKSUM_MISMATCH,
        /** A statement or the bookkeeping failed in Cassandra. */
        EXECUTION_FAILED,
        /** The session is not bound to a keyspace, or a keyspace name or replication is invalid. */
        BAD_KEYSPACE,
        /** The keyspace lacks migrations of this build, and this process was told not to apply them. */
        SCHEMA_BEHIND
    }

    private final Code code;

    public MigrationException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public MigrationException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}

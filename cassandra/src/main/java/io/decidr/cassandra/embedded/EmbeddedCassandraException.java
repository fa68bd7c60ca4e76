package io.decidr.cassandra.embedded;

/**
 * The embedded Cassandra could not be found, started or stopped. The message says what to do about it and,
 * for a failed start, ends with the tail of the server's log.
 */
public class EmbeddedCassandraException extends RuntimeException {

    public EmbeddedCassandraException(String message) {
        super(message);
    }

    public EmbeddedCassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}

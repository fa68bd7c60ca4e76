package io.decidr.devservices.process;

import java.util.Optional;

/**
 * How a launcher tells that a starting server serves: by asking it what a client asks (a CQL session, a gRPC health
 * check), not merely by connecting to its port, which opens a moment before the server answers.
 */
public interface ReadinessProbe extends AutoCloseable {

    /** What the launcher waits for, for the message of a timeout: "accept CQL sessions on 127.0.0.1:9042". */
    String awaited();

    /**
     * Asks the server once.
     *
     * @return what the server answered once it serves (e.g. its version), empty while it does not; a
     *         {@link RuntimeException} means "not yet" too, and the last one is the likely cause of a timeout
     */
    Optional<String> check();

    /** Releases what the probe holds (a client, its threads). */
    @Override
    default void close() {
    }
}

package io.decidr.devservices.temporal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the dev Temporal server. Start from {@link #on(int, Path)} and adjust with the {@code withX} methods.
 *
 * @param port            the gRPC port; 0 picks a free one at start (tests)
 * @param logFile         where the server's output goes (replaced at every start: the server forgets
 *                        everything when it stops anyway)
 * @param serverLib       folder with temporal-test-server and its dependencies; {@code null} locates it
 *                        (see {@link TemporalDevServer#CLASSPATH})
 * @param startTimeout    how long {@link TemporalDevServer#start()} waits for the server to answer health checks
 * @param stopGracePeriod how long {@link TemporalDevServer#stop()} lets it shut down before killing it
 * @param shutdownHook    whether the server stops itself in a JVM shutdown hook; a caller that stops it at the
 *                        right moment itself (after the clients that still talk to it) turns it off
 */
public record DevServerSettings(int port, Path logFile, Path serverLib, Duration startTimeout,
                                Duration stopGracePeriod, boolean shutdownHook) {

    public DevServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
        }
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
    }

    public static DevServerSettings on(int port, Path logFile) {
        return new DevServerSettings(port, logFile, null, Duration.ofSeconds(60), Duration.ofSeconds(10), true);
    }

    public DevServerSettings withServerLib(Path folder) {
        return new DevServerSettings(port, logFile, folder, startTimeout, stopGracePeriod, shutdownHook);
    }

    public DevServerSettings withStartTimeout(Duration timeout) {
        return new DevServerSettings(port, logFile, serverLib, timeout, stopGracePeriod, shutdownHook);
    }

    /** The caller stops the server itself, also when the JVM exits; see {@link #shutdownHook()}. */
    public DevServerSettings withoutShutdownHook() {
        return new DevServerSettings(port, logFile, serverLib, startTimeout, stopGracePeriod, false);
    }
}

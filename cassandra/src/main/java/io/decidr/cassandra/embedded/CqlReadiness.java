package io.decidr.cassandra.embedded;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a starting server accepts a real driver session, not merely a TCP connection: the native port opens
 * a moment before the node answers queries.
 */
final class CqlReadiness {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private CqlReadiness() {
    }

    /** The outcome of waiting: the server's release version, or why it is not ready. */
    sealed interface Outcome permits Ready, Exited, TimedOut {
    }

    record Ready(String releaseVersion) implements Outcome {
    }

    record Exited(int exitCode) implements Outcome {
    }

    record TimedOut(Optional<Throwable> lastProbeFailure) implements Outcome {
    }

    static Outcome await(Process server, InetSocketAddress contactPoint, String localDatacenter, Instant deadline)
            throws InterruptedException {
        Throwable lastFailure = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                return new Exited(server.exitValue());
            }
            if (acceptsConnections(contactPoint)) {
                try (CqlSession session = probeSession(contactPoint, localDatacenter)) {
                    String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
                    return new Ready(version);
                } catch (DriverException e) {
                    lastFailure = e;
                }
            }
            // wait for the next poll, or for the server to die, whichever comes first
            try {
                server.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still running: poll again
            }
        }
        return server.isAlive() ? new TimedOut(Optional.ofNullable(lastFailure)) : new Exited(server.exitValue());
    }

    static boolean acceptsConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static CqlSession probeSession(InetSocketAddress contactPoint, String localDatacenter) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                // the probe session is closed at once: do not keep its event loops around for 2 s
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        return CqlSession.builder()
                .addContactPoint(contactPoint)
                .withLocalDatacenter(localDatacenter)
                .withConfigLoader(config)
                .build();
    }
}

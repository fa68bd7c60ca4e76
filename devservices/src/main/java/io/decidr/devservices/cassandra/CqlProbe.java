package io.decidr.devservices.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.decidr.devservices.process.ReadinessProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * Cassandra serves once it accepts a real driver session, not merely a TCP connection: the native port opens a
 * moment before the node answers queries. Answers the node's release version.
 */
final class CqlProbe implements ReadinessProbe {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private final InetSocketAddress contactPoint;
    private final String localDatacenter;
    /** Whether the node wants a login: the probe then logs in as the default superuser (which must exist). */
    private final boolean login;

    CqlProbe(InetSocketAddress contactPoint, String localDatacenter, boolean login) {
        this.contactPoint = contactPoint;
        this.localDatacenter = localDatacenter;
        this.login = login;
    }

    @Override
    public String awaited() {
        return "accept CQL sessions on " + contactPoint.getHostString() + ":" + contactPoint.getPort();
    }

    /** A session only once the port accepts connections: a driver session that cannot connect takes seconds. */
    @Override
    public Optional<String> check() {
        if (!acceptsConnections(contactPoint)) {
            return Optional.empty();
        }
        try (CqlSession session = probeSession()) {
            return Optional.of(session.execute("SELECT release_version FROM system.local").one().getString(0));
        }
    }

    static boolean acceptsConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CqlSession probeSession() {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                // the probe session is closed at once: do not keep its event loops around for 2 s
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        var builder = CqlSession.builder()
                .addContactPoint(contactPoint)
                .withLocalDatacenter(localDatacenter)
                .withConfigLoader(config);
        if (login) {
            builder = builder.withAuthCredentials(CassandraSettings.SUPERUSER, CassandraSettings.SUPERUSER_PASSWORD);
        }
        return builder.build();
    }
}

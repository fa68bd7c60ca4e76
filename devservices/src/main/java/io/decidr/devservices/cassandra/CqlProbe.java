package io.decidr.devservices.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import io.decidr.devservices.process.ReadinessProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cassandra serves once it accepts a real driver session, not merely a TCP connection: the native port opens a
 * moment before the node answers queries. Answers the node's release version. The probe's session talks to the probed
 * node only, even when it finds peers (a node of a cluster): another node's answer would say nothing about this one.
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

    /**
     * The storage endpoints of the peers the node knows ({@code system.peers_v2}): a node that just joined learns of
     * the others through gossip a moment after it serves, and until then a driver that connects to it finds no other
     * node.
     */
    Set<InetSocketAddress> peers() {
        try (CqlSession session = probeSession()) {
            return session.execute("SELECT peer, peer_port FROM system.peers_v2").all().stream()
                    .map(row -> new InetSocketAddress(row.getInetAddress("peer"), row.getInt("peer_port")))
                    .collect(Collectors.toUnmodifiableSet());
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
                .withNodeDistanceEvaluator((node, datacenter) ->
                        contactPoint.equals(node.getEndPoint().resolve()) ? null : NodeDistance.IGNORED)
                .withConfigLoader(config);
        if (login) {
            builder = builder.withAuthCredentials(CassandraSettings.SUPERUSER, CassandraSettings.SUPERUSER_PASSWORD);
        }
        return builder.build();
    }
}

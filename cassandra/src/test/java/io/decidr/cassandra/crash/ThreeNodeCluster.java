package io.decidr.cassandra.crash;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.schema.KeyspaceReplication;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.devservices.cassandra.CassandraSettings;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.devservices.cassandra.EmbeddedCassandraCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three Cassandra nodes on 127.0.0.1, 127.0.0.2 and 127.0.0.3 for one test, and keyspaces on them made and used as
 * production makes and uses its own: replicated to all three nodes ({@code SimpleStrategy}, replication factor 3),
 * migrated with the production CQL migrations, and read and written through sessions that {@link CassandraSessions}
 * opens from a {@link CassandraConnection}: every node a contact point, LOCAL_QUORUM, schema metadata on (so a DDL
 * statement returns once every node has the change, and requests go to a replica of their partition).
 */
final class ThreeNodeCluster implements AutoCloseable {

    static final int NODES = 3;
    static final int REPLICATION_FACTOR = 3;
    /**
     * Small heaps (each node about 680 MB resident); durable, so that a node killed and started again finds on disk
     * what it had (schema included) as a production node would.
     */
    static final CassandraSettings NODE = CassandraSettings.ephemeral().withHeap("256m", "512m").withDurable(true);
    /** Generous, as in the other tests: a loaded 2-core machine pauses, and three nodes share it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    final EmbeddedCassandraCluster nodes;
    private final CqlSession admin;
    private final List<CqlSession> sessions = new ArrayList<>();

    private ThreeNodeCluster(EmbeddedCassandraCluster nodes, CqlSession admin) {
        this.nodes = nodes;
        this.admin = admin;
    }

    /** Starts the nodes, the seed first; returns once each serves and knows the others. */
    static ThreeNodeCluster start() {
        EmbeddedCassandraCluster nodes = EmbeddedCassandraCluster.of(NODES, NODE);
        try {
            nodes.start();
            CassandraConnection connection = connection(nodes, "system");
            return new ThreeNodeCluster(nodes, CassandraSessions.builder(connection, config(connection)).build());
        } catch (RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    /** How production would connect to this cluster's keyspace. */
    CassandraConnection connection(String keyspace) {
        return connection(nodes, keyspace);
    }

    /**
     * A new keyspace replicated to all three nodes, migrated, with a session bound to it (closed with this cluster).
     */
    ReadSide.Keyspace newKeyspace(String name) {
        CqlMigrations.createKeyspaceIfMissing(admin, name, KeyspaceReplication.simple(REPLICATION_FACTOR));
        CassandraConnection connection = connection(name);
        CqlSession session = CassandraSessions.builder(connection, config(connection)).withKeyspace(name).build();
        sessions.add(session);
        CqlMigrations.fromClasspath(session).migrate();
        return new ReadSide.Keyspace(name, session);
    }

    /**
     * Whether every other node has found node {@code index} down and keeps hints for it: each lists it in its own
     * {@code system_views.pending_hints} as DOWN, with hint files written.
     */
    boolean othersKeepHintsFor(int index) {
        EmbeddedCassandra down = nodes.node(index);
        return nodes.nodes().stream().filter(node -> node != down).allMatch(node -> admin.execute(
                        SimpleStatement.newInstance("SELECT address, port, status, files FROM system_views.pending_hints")
                                .setNode(driverNode(node)))
                .all().stream()
                .anyMatch(hints -> down.host().equals(hints.getInetAddress("address").getHostAddress())
                        && hints.getInt("port") == down.storagePort()
                        && "DOWN".equals(hints.getString("status"))
                        && hints.getInt("files") > 0));
    }

    /** Whether the driver has every node up: connected to it, and its pool open. */
    boolean driverSeesAllUp(CqlSession session) {
        return session.getMetadata().getNodes().size() == NODES && session.getMetadata().getNodes().values().stream()
                .allMatch(node -> node.getState() == NodeState.UP);
    }

    /** The driver's node for a server: statements set to it are answered by it (its own virtual tables). */
    private Node driverNode(EmbeddedCassandra server) {
        return admin.getMetadata().getNodes().values().stream()
                .filter(node -> server.contactPoint().equals(node.getEndPoint().resolve()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the driver does not know " + server.contactPoint()));
    }

    @Override
    public void close() {
        sessions.forEach(CqlSession::close);
        admin.close();
        nodes.close();
    }

    private static CassandraConnection connection(EmbeddedCassandraCluster nodes, String keyspace) {
        return new CassandraConnection(nodes.contactPoints(), nodes.localDatacenter(), keyspace,
                DefaultConsistencyLevel.LOCAL_QUORUM, REQUEST_TIMEOUT, true, null);
    }

    /** Production's driver configuration, but that a test's sessions connect patiently and close at once. */
    private static DriverConfigLoader config(CassandraConnection connection) {
        return CassandraSessions.config(connection)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
    }
}

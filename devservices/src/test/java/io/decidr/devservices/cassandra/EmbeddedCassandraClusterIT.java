package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three embedded nodes on 127.0.0.1, .2 and .3 form one ring; a node killed while writes go on comes back as itself,
 * and the others hand it the writes it missed.
 */
class EmbeddedCassandraClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandraClusterIT.class);
    private static final Duration HINTS_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void threeNodesFormOneRingAndAKilledNodeComesBackAsItselfAndGetsTheWritesItMissed() {
        assumeTrue(bindable("127.0.0.3"), "127.0.0.3 is not a local address here (Linux routes all of 127/8 to lo)");
        List<Path> folders;
        long started = System.nanoTime();
        try (EmbeddedCassandraCluster cluster = EmbeddedCassandraCluster.of(3,
                CassandraSettings.ephemeral().withHeap("256m", "512m").withDurable(true))) {
            cluster.start();
            LOG.info("three nodes up after {} ms; resident memory {}", millisSince(started),
                    cluster.nodes().stream().map(node -> ResidentMemory.of(node.pid())).toList());
            folders = cluster.nodes().stream().map(EmbeddedCassandra::dataDirectory).toList();
            assertThat(cluster.contactPoints()).extracting(point -> point.getHostString())
                    .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");

            try (CqlSession session = clusterSession(cluster)) {
                for (EmbeddedCassandra node : cluster.nodes()) {
                    Row local = session.execute(on(session, node, "SELECT rpc_address, tokens FROM system.local")).one();
                    assertThat(local.getInetAddress("rpc_address").getHostAddress()).isEqualTo(node.host());
                    assertThat(local.getSet("tokens", String.class)).containsExactly(
                            Long.toString(node.settings().membership().initialToken()));
                    assertThat(session.execute(on(session, node, "SELECT peer FROM system.peers_v2")).all())
                            .as("peers of %s", node.host()).hasSize(2);
                }
                session.execute("CREATE KEYSPACE ring WITH replication = "
                        + "{'class': 'SimpleStrategy', 'replication_factor': 3}");
                session.execute("CREATE TABLE ring.notes (id int PRIMARY KEY, text text)");
                write(session, 0, 100);

                EmbeddedCassandra killed = cluster.node(1);
                Path killedFolder = killed.dataDirectory();
                killed.kill();

                // a quorum of replicas is up: writes and reads go on (reads by key: until the others have found the
                // node dead, a range read that picks it as a replica times out)
                write(session, 100, 200);
                assertThat(readAll(session, 200)).isEqualTo(200);
                awaitUntil("the others keep hints for the killed node", HINTS_TIMEOUT,
                        () -> pendingHintFiles(session, cluster.node(0)) + pendingHintFiles(session, cluster.node(2)) > 0);

                long restarting = System.nanoTime();
                EmbeddedCassandra restarted = cluster.restart(1);
                LOG.info("node 2 restarted after {} ms", millisSince(restarting));
                assertThat(restarted.dataDirectory()).isEqualTo(killedFolder);
                assertThat(restarted.contactPoint()).isEqualTo(killed.contactPoint());
                awaitUntil("the hints are handed over", HINTS_TIMEOUT,
                        () -> pendingHintFiles(session, cluster.node(0)) + pendingHintFiles(session, cluster.node(2)) == 0);
                // every replica answers again
                assertThat(count(session, DefaultConsistencyLevel.ALL)).isEqualTo(200);
            }
        }
        assertThat(folders).allSatisfy(folder -> assertThat(Files.exists(folder)).as("%s deleted", folder).isFalse());
        LOG.info("the whole test took {} ms", millisSince(started));
    }

    /** All three contact points, LOCAL_QUORUM; schema metadata on, so that DDL waits until every node has it. */
    private static CqlSession clusterSession(EmbeddedCassandraCluster cluster) {
        return CqlSession.builder()
                .addContactPoints(cluster.contactPoints())
                .withLocalDatacenter(cluster.localDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, DefaultConsistencyLevel.LOCAL_QUORUM.name())
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build())
                .build();
    }

    /** A query answered by that node itself (system tables and virtual tables are each node's own). */
    private static SimpleStatement on(CqlSession session, EmbeddedCassandra server, String query) {
        Node node = session.getMetadata().getNodes().values().stream()
                .filter(candidate -> server.contactPoint().equals(candidate.getEndPoint().resolve()))
                .findFirst().orElseThrow(() -> new AssertionError("the driver does not know " + server.contactPoint()
                        + " among " + session.getMetadata().getNodes().values().stream()
                        .map(known -> known.getEndPoint().resolve() + " " + known.getState()).toList()));
        return SimpleStatement.newInstance(query).setNode(node);
    }

    private static void write(CqlSession session, int from, int to) {
        for (int id = from; id < to; id++) {
            session.execute(SimpleStatement.newInstance("INSERT INTO ring.notes (id, text) VALUES (?, ?)", id,
                    "note " + id).setIdempotent(true));
        }
    }

    /** Reads the notes 0 to {@code to} one by one at the session's LOCAL_QUORUM; answers how many were found. */
    private static long readAll(CqlSession session, int to) {
        long found = 0;
        for (int id = 0; id < to; id++) {
            if (session.execute(SimpleStatement.newInstance("SELECT text FROM ring.notes WHERE id = ?", id)
                    .setIdempotent(true)).one() != null) {
                found++;
            }
        }
        return found;
    }

    private static long count(CqlSession session, ConsistencyLevel consistency) {
        return session.execute(SimpleStatement.newInstance("SELECT count(*) FROM ring.notes")
                .setConsistencyLevel(consistency)).one().getLong(0);
    }

    private static int pendingHintFiles(CqlSession session, EmbeddedCassandra node) {
        return session.execute(on(session, node, "SELECT files FROM system_views.pending_hints")).all().stream()
                .mapToInt(row -> row.getInt("files")).sum();
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    private static boolean bindable(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}

package io.decidr.devservices.cassandra;

import com.datastax.oss.driver.api.core.DriverException;
import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.ShutdownHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cassandra cluster of a few embedded nodes on this machine, for tests of what a real multi-node engine does (a
 * replica down, quorums, hints). Node {@code i} (from 0) binds 127.0.0.{i + 1} (on Linux all of 127/8 reaches the
 * loopback interface), owns one token of an evenly split ring and gossips first with node 0, the seed; every node keeps
 * hints for a peer that is down ({@link ClusterMembership#member}).
 *
 * <p>{@link #start()} starts the seed, then the others one after another, each once the one before it accepts CQL
 * sessions. A node keeps its data folder, ports and token for the cluster's life, so a node stopped or killed
 * ({@link EmbeddedCassandra#kill()}) starts again as itself ({@link #restart(int)}). {@link #close()} stops every
 * node and deletes the folders it made.
 *
 * <pre>{@code
 * try (EmbeddedCassandraCluster cluster = EmbeddedCassandraCluster.of(3, CassandraSettings.ephemeral())) {
 *     cluster.start();
 *     CqlSession session = CqlSession.builder()
 *             .addContactPoints(cluster.contactPoints())
 *             .withLocalDatacenter(cluster.localDatacenter())
 *             .build();
 * }
 * }</pre>
 */
public final class EmbeddedCassandraCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandraCluster.class);
    private static final Duration RING_POLL = Duration.ofMillis(200);

    /** Each node's settings: the template's, with the node's membership (and folder and ports once it ran). */
    private final List<CassandraSettings> settings = new ArrayList<>();
    /** Read by the shutdown hook without the lock a start may hold: copied on write. */
    private final List<EmbeddedCassandra> nodes = new CopyOnWriteArrayList<>();
    /** Folders this cluster made and deletes on close, or none when the template named a kept folder. */
    private final List<Path> temporaryFolders = new CopyOnWriteArrayList<>();
    private ShutdownHook shutdownHook;

    private EmbeddedCassandraCluster() {
    }

    /**
     * A cluster of {@code size} nodes, not started, each with the template's settings but for:
     * <ul>
     *   <li>its membership: address, seed, token, hints ({@link ClusterMembership#member});</li>
     *   <li>its data folder: a temporary one kept for the cluster's life (deleted on {@link #close()}) when the
     *       template has none, or {@code node-1}, {@code node-2}, ... in the template's folder, which stay;</li>
     *   <li>its JMX port, when the template has one: the template's plus the node's index (JMX binds 127.0.0.1
     *       whatever the node's address).</li>
     * </ul>
     * A fixed CQL or storage port of the template is the same on every node's address; 0 picks a free one on each
     * node's address, kept from then on.
     */
    public static EmbeddedCassandraCluster of(int size, CassandraSettings template) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + size);
        }
        EmbeddedCassandraCluster cluster = new EmbeddedCassandraCluster();
        for (int index = 0; index < size; index++) {
            CassandraSettings node = template
                    .withMembership(ClusterMembership.member(index, size, List.of()))
                    .withDataDirectory(template.temporary() ? null
                            : template.dataDirectory().resolve("node-" + (index + 1)))
                    .withJmxPort(template.jmxPort() == 0 ? 0 : template.jmxPort() + index);
            cluster.settings.add(node);
            cluster.nodes.add(new EmbeddedCassandra(node));
        }
        return cluster;
    }

    /**
     * Starts every node, the seed first, and returns once each accepts CQL sessions and lists every other node as
     * its peer: a node serves a moment before gossip tells it of the others, and a driver that connected to it then
     * would find no other node.
     *
     * @throws io.decidr.devservices.process.DevServiceException as {@link EmbeddedCassandra#start()} does; the nodes
     *                                                           started before stay up until {@link #close()}
     */
    public synchronized EmbeddedCassandraCluster start() {
        if (shutdownHook == null) {
            // each node stops itself at JVM exit; this waits for them and then deletes the folders
            shutdownHook = ShutdownHook.register("embedded Cassandra cluster", this::stopAndDelete);
        }
        Instant started = Instant.now();
        for (int index = 0; index < nodes.size(); index++) {
            startNode(index);
        }
        awaitRing(settings.getFirst().startTimeout());
        LOG.info("Cassandra cluster of {} nodes is up on {} after {} ms", nodes.size(), contactPoints(),
                Duration.between(started, Instant.now()).toMillis());
        return this;
    }

    /**
     * Starts a stopped or killed node again, on its address, ports, token and data folder: the others see it come
     * back as itself. Returns once it accepts CQL sessions and lists the others as its peers.
     */
    public synchronized EmbeddedCassandra restart(int index) {
        if (nodes.get(index).isRunning()) {
            throw new IllegalStateException("node " + index + " (pid " + nodes.get(index).pid() + ") is running");
        }
        EmbeddedCassandra restarted = startNode(index);
        awaitRing(settings.get(index).startTimeout());
        return restarted;
    }

    public synchronized int size() {
        return nodes.size();
    }

    /** Node {@code index} as it runs now (a restart makes a new instance). */
    public synchronized EmbeddedCassandra node(int index) {
        return nodes.get(index);
    }

    public synchronized List<EmbeddedCassandra> nodes() {
        return List.copyOf(nodes);
    }

    /** Every node's CQL address: a driver given all of them connects while any one is up. */
    public synchronized List<InetSocketAddress> contactPoints() {
        return nodes.stream().map(EmbeddedCassandra::contactPoint).toList();
    }

    public String localDatacenter() {
        return EmbeddedCassandra.LOCAL_DATACENTER;
    }

    /** Stops every node and deletes the data folders the cluster made. */
    @Override
    public synchronized void close() {
        if (shutdownHook != null) {
            shutdownHook.remove();
            shutdownHook = null;
        }
        stopAndDelete();
    }

    private EmbeddedCassandra startNode(int index) {
        CassandraSettings node = settings.get(index);
        if (node.temporary()) {
            // kept across the node's restarts, unlike a single node's temporary folder
            node = node.withDataDirectory(temporaryFolder(index));
        }
        if (index > 0) {
            // the seed's own list is itself (no seeds), on whatever port it picked
            node = node.withMembership(node.membership().withSeeds(List.of(seed())));
        }
        EmbeddedCassandra started = new EmbeddedCassandra(node);
        nodes.set(index, started);
        started.start();
        // from now on the node is bound to these ports: its peers and the driver know it by them
        settings.set(index, node.withNativePort(started.nativePort()).withStoragePort(started.storagePort()));
        return started;
    }

    /** Node 0's storage endpoint, known once it has started. */
    private InetSocketAddress seed() {
        CassandraSettings seed = settings.get(0);
        if (seed.storagePort() == 0) {
            throw new IllegalStateException("the seed (node 0) has not been started yet");
        }
        return new InetSocketAddress(seed.membership().address(), seed.storagePort());
    }

    /** Waits until every running node lists every other node as its peer. */
    private void awaitRing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<InetSocketAddress>> missing = missingPeers();
        while (!missing.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new DevServiceException("The Cassandra nodes did not learn of each other within " + timeout
                        + "; peers missing, by node: " + missing);
            }
            LockSupport.parkNanos(RING_POLL.toNanos());
            missing = missingPeers();
        }
    }

    /** By node address, the other nodes' storage endpoints it does not list as peers; empty once all know all. */
    private Map<String, Set<InetSocketAddress>> missingPeers() {
        Map<String, Set<InetSocketAddress>> missing = new TreeMap<>();
        for (EmbeddedCassandra node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            Set<InetSocketAddress> expected = new HashSet<>();
            nodes.stream().filter(other -> other != node).forEach(other -> expected.add(other.storageEndpoint()));
            try {
                expected.removeAll(node.peers());
            } catch (DriverException e) {
                // not answering for a moment: it knows nobody yet, as far as this wait can tell
            }
            if (!expected.isEmpty()) {
                missing.put(node.host(), expected);
            }
        }
        return missing;
    }

    /** Not synchronized: it runs in a shutdown hook too, maybe while a start holds the lock. */
    private void stopAndDelete() {
        // side by side: each node takes seconds to drain, and none waits for another. A node that cannot be stopped
        // fails the close before any folder is deleted under it.
        CompletableFuture.allOf(nodes.stream()
                        .map(node -> CompletableFuture.runAsync(node::stop,
                                stop -> Thread.ofPlatform().name("stop Cassandra " + node.host()).start(stop)))
                        .toArray(CompletableFuture[]::new))
                .join();
        for (Path folder : temporaryFolders) {
            try {
                TemporaryDataFolder.delete(folder);
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary data folder {} of a cluster node", folder, e);
            }
        }
        temporaryFolders.clear();
    }

    /** One temporary folder per node, so that a launcher that finds a node orphaned deletes its folder. */
    private Path temporaryFolder(int index) {
        try {
            Path folder = TemporaryDataFolder.create();
            temporaryFolders.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data folder of cluster node " + index, e);
        }
    }
}

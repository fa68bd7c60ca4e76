package io.decidr.devservices.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run one embedded Cassandra node. Start from {@link #ephemeral()} (tests) or {@link #persistent(Path)}
 * (the dev profile) and adjust with the {@code withX} methods.
 *
 * @param dataDirectory    where data, commit log, caches, hints, the generated config and the logs live;
 *                         {@code null} means a fresh temporary folder that {@link EmbeddedCassandra#stop()} deletes
 * @param nativePort       CQL port; 0 picks a free one at start
 * @param storagePort      internode port (the peers of a cluster connect to it; a node alone binds it all the same);
 *                         0 picks a free one
 * @param jmxPort          local-only JMX port for nodetool; 0 leaves JMX off
 * @param clusterName      stored in the data folder on first start, so it must not change for a kept folder
 * @param initialHeap      {@code -Xms}; kept small because Cassandra mlockall()s what is committed at start
 * @param maxHeap          {@code -Xmx}
 * @param durable          {@code false} trades crash safety for speed (no fsync, schema tables not flushed)
 * @param startTimeout     how long {@link EmbeddedCassandra#start()} waits for CQL to accept a session
 * @param stopGracePeriod  how long {@link EmbeddedCassandra#stop()} lets Cassandra drain before killing it
 * @param javaHome         a JDK 17 to run the server with; {@code null} locates one (see {@link ServerJavaHome})
 * @param serverLib        folder with cassandra-all and its dependencies; {@code null} locates it
 *                         (see {@link EmbeddedCassandra#CLASSPATH})
 * @param extraJvmOptions  appended after the launcher's own JVM options, so they can override them
 * @param passwordAuthentication whether clients must log in ({@code PasswordAuthenticator}; the superuser
 *                         {@link #SUPERUSER}/{@link #SUPERUSER_PASSWORD} exists as soon as the node serves), as a
 *                         production cluster asks; off by default
 * @param membership       the node's address, seeds, token and hints: {@link ClusterMembership#ALONE} (127.0.0.1, the
 *                         whole ring) but for the nodes of an {@link EmbeddedCassandraCluster}
 */
public record CassandraSettings(
        Path dataDirectory,
        int nativePort,
        int storagePort,
        int jmxPort,
        String clusterName,
        String initialHeap,
        String maxHeap,
        boolean durable,
        Duration startTimeout,
        Duration stopGracePeriod,
        Path javaHome,
        Path serverLib,
        List<String> extraJvmOptions,
        boolean passwordAuthentication,
        ClusterMembership membership) {

    public static final String DEFAULT_CLUSTER_NAME = "decidr-embedded";
    /** Cassandra's default superuser, made by a node with password authentication on its first start. */
    public static final String SUPERUSER = "cassandra";
    public static final String SUPERUSER_PASSWORD = "cassandra";

    public CassandraSettings {
        requirePort(nativePort, "nativePort");
        requirePort(storagePort, "storagePort");
        requirePort(jmxPort, "jmxPort");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(initialHeap, "initialHeap");
        Objects.requireNonNull(maxHeap, "maxHeap");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        extraJvmOptions = List.copyOf(extraJvmOptions);
        Objects.requireNonNull(membership, "membership");
    }

    /** A throw-away node for tests: temporary folder, free ports, no fsync. */
    public static CassandraSettings ephemeral() {
        return new CassandraSettings(null, 0, 0, 0, DEFAULT_CLUSTER_NAME, "256m", "1g", false,
                Duration.ofSeconds(120), Duration.ofSeconds(10), null, null, List.of(), false, ClusterMembership.ALONE);
    }

    /** A node whose data survives restarts, on the usual fixed ports (CQL 9042, storage 7000). */
    public static CassandraSettings persistent(Path dataDirectory) {
        return new CassandraSettings(Objects.requireNonNull(dataDirectory, "dataDirectory"), 9042, 7000, 0,
                DEFAULT_CLUSTER_NAME, "256m", "1g", true, Duration.ofSeconds(120), Duration.ofSeconds(30), null,
                null, List.of(), false, ClusterMembership.ALONE);
    }

    /** Whether the data folder is a temporary one that stop() deletes. */
    public boolean temporary() {
        return dataDirectory == null;
    }

    /** A data folder kept across stops and starts, {@code null} for a fresh temporary one at every start. */
    public CassandraSettings withDataDirectory(Path folder) {
        return new CassandraSettings(folder, nativePort, storagePort, jmxPort, clusterName, initialHeap, maxHeap,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withNativePort(int port) {
        return new CassandraSettings(dataDirectory, port, storagePort, jmxPort, clusterName, initialHeap, maxHeap,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withStoragePort(int port) {
        return new CassandraSettings(dataDirectory, nativePort, port, jmxPort, clusterName, initialHeap, maxHeap,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withJmxPort(int port) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, port, clusterName, initialHeap, maxHeap,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withClusterName(String name) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, name, initialHeap, maxHeap,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    /** Heap sizes in {@code -Xmx} syntax, e.g. {@code ("256m", "1g")}. */
    public CassandraSettings withHeap(String initial, String max) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initial, max,
                durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withDurable(boolean value) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, value, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withStartTimeout(Duration timeout) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, timeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withStopGracePeriod(Duration grace) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, grace, javaHome, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withJavaHome(Path home) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, stopGracePeriod, home, serverLib, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withServerLib(Path folder) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, stopGracePeriod, javaHome, folder, extraJvmOptions, passwordAuthentication,
                membership);
    }

    public CassandraSettings withExtraJvmOptions(List<String> options) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, stopGracePeriod, javaHome, serverLib, options, passwordAuthentication,
                membership);
    }

    public CassandraSettings withPasswordAuthentication(boolean value) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions, value,
                membership);
    }

    public CassandraSettings withMembership(ClusterMembership value) {
        return new CassandraSettings(dataDirectory, nativePort, storagePort, jmxPort, clusterName, initialHeap,
                maxHeap, durable, startTimeout, stopGracePeriod, javaHome, serverLib, extraJvmOptions,
                passwordAuthentication, value);
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (pick a free one) or a TCP port, not " + port);
        }
    }
}

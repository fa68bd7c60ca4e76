package io.decidr.devservices.cassandra;

import io.decidr.devservices.process.CopiedClasspath;
import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.FreePort;
import io.decidr.devservices.process.Launch;
import io.decidr.devservices.process.ProcessArguments;
import io.decidr.devservices.process.ForkedServer;
import io.decidr.devservices.process.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Cassandra 5.0 node in its own JVM on this machine, for the dev profile and for tests: a node alone on
 * 127.0.0.1 by default, or one node of an {@link EmbeddedCassandraCluster} on its own loopback address.
 *
 * <p>The server runs on a JDK 17 ({@link ServerJavaHome}) from the classpath the build prepared
 * ({@link #CLASSPATH}); nothing of Cassandra's is loaded into the calling JVM. {@link #start()} returns once
 * the CQL port accepts a driver session; {@link #stop()} (also run by a JVM shutdown hook) lets the server drain
 * for the grace period and then kills it. A temporary data folder is deleted on stop; a given one is kept. The
 * process itself is run by the shared launcher ({@link ServerProcess}); this class knows Cassandra's command line,
 * configuration files and data folder.
 *
 * <pre>{@code
 * try (EmbeddedCassandra cassandra = new EmbeddedCassandra(CassandraSettings.ephemeral())) {
 *     cassandra.start();
 *     CqlSession session = CqlSession.builder()
 *             .addContactPoint(cassandra.contactPoint())
 *             .withLocalDatacenter(cassandra.localDatacenter())
 *             .build();
 * }
 * }</pre>
 */
public final class EmbeddedCassandra extends ForkedServer {

    /** The datacenter of a node with {@code SimpleSnitch}: what the driver needs as its local datacenter. */
    public static final String LOCAL_DATACENTER = "datacenter1";
    /** The address of a node alone ({@link ClusterMembership#ALONE}); a cluster's nodes have their own. */
    public static final String HOST = ClusterMembership.ALONE.address();

    /** cassandra-all and its runtime dependencies, copied by the build to devservices/target/embedded-cassandra/lib. */
    public static final CopiedClasspath CLASSPATH = new CopiedClasspath("Cassandra server",
            "decidr.cassandra.server-lib", "DECIDR_CASSANDRA_SERVER_LIB", "embedded-cassandra", "cassandra-all-");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandra.class);
    private static final String NAME = "Cassandra";
    /** Starts that lost a free port they had picked are tried again this often in all. */
    private static final int START_ATTEMPTS_WITH_FREE_PORTS = 3;
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(20);

    private final CassandraSettings settings;
    private DataFolder folder;
    private int nativePort;
    private int storagePort;

    public EmbeddedCassandra(CassandraSettings settings) {
        super("Cassandra");
        this.settings = settings;
    }

    /**
     * Starts the node and waits until it accepts CQL sessions.
     *
     * @throws DevServiceException if no JDK 17 or server classpath is found, the data folder is in use by another
     *                             live server, a configured port is taken, or the node does not come up within the
     *                             start timeout (the message then ends with the tail of its logs)
     */
    public synchronized EmbeddedCassandra start() {
        requireNotRunning();
        Path java = ServerJavaHome.locateJava(settings.javaHome());
        List<Path> classpath = CLASSPATH.locate(settings.serverLib());
        ServerCommand.OWNER.stopOrphans("embedded Cassandra", ORPHAN_GRACE, EmbeddedCassandra::deleteTemporaryFolder);
        // the data folder, even a temporary one, stays after a failed start, for a look at the full log
        folder = new DataFolder(prepareDataFolder());
        boolean freePorts = settings.nativePort() == 0 || settings.storagePort() == 0;
        Instant started = Instant.now();
        ServerProcess server = running(ServerProcess.start(freePorts ? START_ATTEMPTS_WITH_FREE_PORTS : 1, attempt -> launch(java, classpath)));
        LOG.info("Cassandra {} is up on {}:{} after {} ms (pid {}, data {}, log {})", server.answer(), host(),
                nativePort, Duration.between(started, Instant.now()).toMillis(), server.pid(), folder.root(),
                folder.systemLog());
        return this;
    }

    /** The address the node binds, {@link #HOST} unless it is a node of a cluster. */
    public String host() {
        return settings.membership().address();
    }

    /** The CQL port; only meaningful once started when the settings asked for a free one. */
    public synchronized int nativePort() {
        return nativePort;
    }

    /** The internode port; only meaningful once started when the settings asked for a free one. */
    public synchronized int storagePort() {
        return storagePort;
    }

    public synchronized InetSocketAddress contactPoint() {
        return new InetSocketAddress(host(), nativePort);
    }

    /**
     * The storage endpoints (address and storage port) of the peers this node knows, as it lists them in
     * {@code system.peers_v2}; empty for a node alone.
     *
     * @throws com.datastax.oss.driver.api.core.DriverException when the node does not answer
     */
    public Set<InetSocketAddress> peers() {
        return new CqlProbe(contactPoint(), LOCAL_DATACENTER, settings.passwordAuthentication()).peers();
    }

    /** The node's own storage endpoint, as its peers list it. */
    public synchronized InetSocketAddress storageEndpoint() {
        return new InetSocketAddress(host(), storagePort);
    }

    public String localDatacenter() {
        return LOCAL_DATACENTER;
    }

    /** The data folder of the current (or last) run. */
    public synchronized Path dataDirectory() {
        if (folder == null) {
            throw new IllegalStateException("Cassandra has not been started");
        }
        return folder.root();
    }

    /** Cassandra's own log of the current (or last) run. */
    public synchronized Path logFile() {
        return new DataFolder(dataDirectory()).systemLog();
    }

    public CassandraSettings settings() {
        return settings;
    }

    /** One attempt: its ports (free ones picked anew), the configuration written for them, the command. */
    private Launch launch(Path java, List<Path> classpath) {
        InetAddress address = settings.membership().inetAddress();
        nativePort = settings.nativePort() == 0 ? FreePort.pick(address) : requireFree(settings.nativePort(), "CQL");
        storagePort = settings.storagePort() == 0 ? FreePort.pick(address)
                : requireFree(settings.storagePort(), "storage");
        writeConfiguration();
        Path root = folder.root();
        return Launch.of(NAME, ServerCommand.build(java, classpath, settings, folder, ProcessHandle.current().pid()),
                        folder.consoleLog(), () -> new CqlProbe(contactPoint(), LOCAL_DATACENTER,
                                settings.passwordAuthentication()),
                        settings.startTimeout(), settings.stopGracePeriod())
                .inDirectory(root)
                .appendingOutput()
                .quoting(List.of(new Launch.QuotedLog(folder.systemLog(), 40), new Launch.QuotedLog(folder.consoleLog(), 15)))
                .afterStop(settings.temporary() ? () -> deleteTemporary(root) : () -> { });
    }

    private int requireFree(int port, String what) {
        return FreePort.requireFree(port, settings.membership().inetAddress(), () -> "The " + what + " port " + port
                + " on " + host() + " is in use (by an earlier Cassandra still running, or another program); stop"
                + " that or configure another port");
    }

    private Path prepareDataFolder() {
        try {
            if (settings.temporary()) {
                return TemporaryDataFolder.create();
            }
            Path root = Files.createDirectories(settings.dataDirectory()).toRealPath();
            Optional<ProcessHandle> user = ServerCommand.OWNER.servers()
                    .filter(process -> ProcessArguments.of(process).contains(ServerCommand.STORAGE_DIR + root))
                    .findFirst();
            if (user.isPresent()) {
                throw new DevServiceException("Another embedded Cassandra (pid " + user.get().pid()
                        + ") is running on the data folder " + root + "; stop it or use another folder");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the Cassandra data folder", e);
        }
    }

    private void writeConfiguration() {
        try {
            Files.createDirectories(folder.conf());
            Files.createDirectories(folder.logs());
            Files.createDirectories(folder.triggers());
            Files.writeString(folder.cassandraYaml(),
                    CassandraYaml.render(settings, folder, nativePort, storagePort),
                    StandardCharsets.UTF_8);
            Files.writeString(folder.logbackXml(), ServerLogbackConfig.render(folder.systemLog()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write Cassandra's configuration to " + folder.conf(), e);
        }
    }

    /** An orphaned server's launcher would have deleted its temporary folder on stop; a kept folder stays. */
    private static void deleteTemporaryFolder(List<String> orphanArguments) {
        orphanArguments.stream()
                .filter(argument -> argument.startsWith(ServerCommand.STORAGE_DIR))
                .map(argument -> Path.of(argument.substring(ServerCommand.STORAGE_DIR.length())))
                .filter(TemporaryDataFolder::isOne)
                .findFirst()
                .ifPresent(EmbeddedCassandra::deleteTemporary);
    }

    private static void deleteTemporary(Path root) {
        try {
            TemporaryDataFolder.delete(root);
        } catch (IOException e) {
            LOG.warn("Could not delete Cassandra's temporary data folder {}", root, e);
        }
    }
}

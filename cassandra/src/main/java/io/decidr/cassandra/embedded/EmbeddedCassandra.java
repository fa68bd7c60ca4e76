package io.decidr.cassandra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Cassandra 5.0 node in its own JVM on this machine, for the dev profile and for tests.
 *
 * <p>The server runs on a JDK 17 ({@link ServerJavaHome}) from the classpath the build prepared
 * ({@link ServerClasspath}); nothing of Cassandra's is loaded into the calling JVM. {@link #start()} returns once
 * the CQL port accepts a driver session; {@link #stop()} (also run by a JVM shutdown hook) lets the server drain
 * for the grace period and then kills it. A temporary data folder is deleted on stop; a given one is kept.
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
public final class EmbeddedCassandra implements AutoCloseable {

    /** The datacenter of a node with {@code SimpleSnitch}: what the driver needs as its local datacenter. */
    public static final String LOCAL_DATACENTER = "datacenter1";
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandra.class);
    private static final int START_ATTEMPTS_WITH_FREE_PORTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    private final CassandraSettings settings;
    private Process process;
    private DataFolder folder;
    private int nativePort;
    private int storagePort;
    private Thread shutdownHook;

    public EmbeddedCassandra(CassandraSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the node and waits until it accepts CQL sessions.
     *
     * @throws EmbeddedCassandraException if no JDK 17 or server classpath is found, the data folder is in use by
     *                                    another live server, or the node does not come up within the start
     *                                    timeout (the message then ends with the tail of its log)
     */
    public synchronized EmbeddedCassandra start() {
        if (process != null) {
            throw new IllegalStateException("Cassandra is already running (pid " + process.pid() + ")");
        }
        Path java = ServerJavaHome.locateJava(settings.javaHome());
        List<Path> classpath = ServerClasspath.locate(settings.serverLib());
        OrphanedServers.stopAll();
        folder = new DataFolder(prepareDataFolder());
        boolean freePorts = settings.nativePort() == 0 || settings.storagePort() == 0;
        Instant started = Instant.now();
        for (int attempt = 1; ; attempt++) {
            nativePort = settings.nativePort() == 0 ? FreePort.pick() : requireFree(settings.nativePort(), "CQL");
            storagePort = settings.storagePort() == 0 ? FreePort.pick() : requireFree(settings.storagePort(),
                    "storage");
            try {
                String version = launch(java, classpath);
                LOG.info("Cassandra {} is up on {}:{} after {} ms (pid {}, data {}, log {})", version, HOST,
                        nativePort, Duration.between(started, Instant.now()).toMillis(), process.pid(),
                        folder.root(), folder.systemLog());
                return this;
            } catch (EmbeddedCassandraException e) {
                // a free port can be taken by someone else between our check and the server's bind
                boolean portTaken = LogTail.of(folder.systemLog(), LOG_TAIL_LINES).contains("Address already in use");
                if (!(freePorts && portTaken && attempt < START_ATTEMPTS_WITH_FREE_PORTS)) {
                    // the data folder, even a temporary one, stays for a look at the full log
                    throw e;
                }
                LOG.warn("Cassandra could not bind its ports {}/{}; retrying on other free ports", nativePort,
                        storagePort);
            }
        }
    }

    /**
     * Stops the node: asks it to shut down (it drains memtables to disk), kills it if it is still running after
     * the grace period, waits until the process is gone, and deletes a temporary data folder. Does nothing if the
     * node is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        removeShutdownHook();
        try {
            stopping.destroy();
            if (!stopping.waitFor(settings.stopGracePeriod().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Cassandra (pid {}) did not stop within {}; killing it", stopping.pid(),
                        settings.stopGracePeriod());
                stopping.destroyForcibly();
                if (!stopping.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new EmbeddedCassandraException("Cassandra (pid " + stopping.pid()
                            + ") is still running after being killed");
                }
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmbeddedCassandraException("Interrupted while stopping Cassandra (pid " + stopping.pid()
                    + "); it was killed", e);
        }
        LOG.info("Cassandra (pid {}) stopped with exit code {}", stopping.pid(), stopping.exitValue());
        deleteIfTemporary();
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String host() {
        return HOST;
    }

    /** The CQL port; only meaningful once started when the settings asked for a free one. */
    public synchronized int nativePort() {
        return nativePort;
    }

    public synchronized InetSocketAddress contactPoint() {
        return new InetSocketAddress(HOST, nativePort);
    }

    public String localDatacenter() {
        return LOCAL_DATACENTER;
    }

    /** The server process's id, while it runs. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Cassandra is not running");
        }
        return process.pid();
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

    private String launch(Path java, List<Path> classpath) {
        writeConfiguration();
        List<String> command = ServerCommand.build(java, classpath, settings, folder, ProcessHandle.current().pid());
        try {
            process = new ProcessBuilder(command)
                    .directory(folder.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.consoleLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Could not run " + java + " to start Cassandra", e);
        }
        shutdownHook = new Thread(this::stopQuietly, "embedded-cassandra-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CqlReadiness.Outcome outcome;
        try {
            outcome = CqlReadiness.await(process, contactPoint(), LOCAL_DATACENTER,
                    Instant.now().plus(settings.startTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAfterFailedStart();
            throw new EmbeddedCassandraException("Interrupted while waiting for Cassandra to start", e);
        }
        return switch (outcome) {
            case CqlReadiness.Ready ready -> ready.releaseVersion();
            case CqlReadiness.Exited exited -> {
                killAfterFailedStart();
                throw failedStart("Cassandra exited with code " + exited.exitCode() + " while starting", null);
            }
            case CqlReadiness.TimedOut timedOut -> {
                killAfterFailedStart();
                throw failedStart("Cassandra did not accept CQL sessions on " + HOST + ":" + nativePort + " within "
                        + settings.startTimeout(), timedOut.lastProbeFailure().orElse(null));
            }
        };
    }

    /** Fails at once, rather than after the server's whole start-up, when a configured port is taken. */
    private static int requireFree(int port, String what) {
        if (!FreePort.isFree(port)) {
            throw new EmbeddedCassandraException("The " + what + " port " + port + " on " + HOST + " is in use (by an "
                    + "earlier Cassandra still running, or another program); stop that or configure another port");
        }
        return port;
    }

    private EmbeddedCassandraException failedStart(String what, Throwable cause) {
        String nl = System.lineSeparator();
        String message = what + " (data " + folder.root() + ")." + nl
                + "--- last lines of " + folder.systemLog() + nl + LogTail.of(folder.systemLog(), LOG_TAIL_LINES) + nl
                + "--- last lines of " + folder.consoleLog() + nl + LogTail.of(folder.consoleLog(), 15);
        return new EmbeddedCassandraException(message, cause);
    }

    private void killAfterFailedStart() {
        Process failed = process;
        process = null;
        removeShutdownHook();
        failed.destroyForcibly();
        try {
            failed.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path prepareDataFolder() {
        try {
            if (settings.temporary()) {
                return TemporaryDataFolder.create();
            }
            Path root = Files.createDirectories(settings.dataDirectory()).toRealPath();
            Optional<ProcessHandle> user = OrphanedServers.using(root);
            if (user.isPresent()) {
                throw new EmbeddedCassandraException("Another embedded Cassandra (pid " + user.get().pid()
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
                    CassandraYaml.render(settings.clusterName(), folder, nativePort, storagePort),
                    StandardCharsets.UTF_8);
            Files.writeString(folder.logbackXml(), ServerLogbackConfig.render(folder.systemLog()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write Cassandra's configuration to " + folder.conf(), e);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // the JVM is exiting: report, but let the other shutdown hooks run
            LOG.error("Could not stop embedded Cassandra cleanly", e);
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or about to, and stop() is idempotent
            }
        }
        shutdownHook = null;
    }

    private void deleteIfTemporary() {
        if (!settings.temporary() || folder == null) {
            return;
        }
        try {
            TemporaryDataFolder.delete(folder.root());
        } catch (IOException e) {
            LOG.warn("Could not delete Cassandra's temporary data folder {}", folder.root(), e);
        }
    }
}

package io.decidr.workflows.devserver;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server in a JVM of its own, for the dev profile: {@code io.decidr.devserver.LoopbackTestServer
 * 127.0.0.1 <port>} (the stock main listens on every interface) from the classpath the build prepared
 * ({@link TestServerClasspath}), on the application's own JDK.
 * Time skipping stays off, so timers take real time as on a real server.
 *
 * <p>{@link #start()} returns once the server answers gRPC health checks; {@link #stop()} (also run by a JVM
 * shutdown hook, unless the settings leave that to the caller) asks it to stop and kills it after the grace
 * period. A server left behind by a launcher that was killed hard is stopped by the next {@link #start()}.
 *
 * <pre>{@code
 * try (TemporalDevServer temporal = new TemporalDevServer(DevServerSettings.on(7233, logFile)).start()) {
 *     WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
 *             WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
 * }
 * }</pre>
 */
public final class TemporalDevServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7233;
    /** The namespace the test server serves (it accepts any name; every Temporal tool assumes this one). */
    public static final String NAMESPACE = "default";
    /** Temporal's test server bound to {@link #HOST} only (built with the copied classpath, see its pom.xml). */
    static final String MAIN_CLASS = "io.decidr.devserver.LoopbackTestServer";

    private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServer.class);

    private final DevServerSettings settings;
    private Process process;
    private int port;
    private Thread shutdownHook;

    public TemporalDevServer(DevServerSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @throws TemporalDevServerException if the port is taken (the message says by what, when it knows), no
     *                                    server classpath is found, or the server does not come up in time (the
     *                                    message then ends with the tail of its log)
     */
    public synchronized TemporalDevServer start() {
        if (process != null) {
            throw new IllegalStateException("The Temporal test server is already running (pid " + process.pid() + ")");
        }
        List<Path> classpath = TestServerClasspath.locate(settings.serverLib());
        TestServerProcesses.stopOrphans();
        port = settings.port() == 0 ? ServerProcess.freeLoopbackPort() : requireFree(settings.port());
        Instant started = Instant.now();
        launch(classpath);
        LOG.info("Temporal test server is up on {} after {} ms (pid {}, namespace {}, log {}); it keeps workflows in "
                        + "memory only", target(), Duration.between(started, Instant.now()).toMillis(), process.pid(),
                NAMESPACE, settings.logFile());
        return this;
    }

    /**
     * Stops the server: asks it to shut down, kills it if it is still running after the grace period, and waits
     * until the process is gone. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        removeShutdownHook();
        ServerProcess.stop(stopping, settings.stopGracePeriod(), "Temporal test server");
        LOG.info("Temporal test server (pid {}) stopped with exit code {}", stopping.pid(), stopping.exitValue());
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code host:port} for {@code spring.temporal.connection.target}; meaningful once started. */
    public synchronized String target() {
        return HOST + ":" + port;
    }

    public synchronized int port() {
        return port;
    }

    /** The server process's id, while it runs. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("The Temporal test server is not running");
        }
        return process.pid();
    }

    public DevServerSettings settings() {
        return settings;
    }

    static List<String> command(Path java, List<Path> classpath, int port, long ownerPid) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        // a dev server holds a handful of workflows: a small heap, and C1 only for a quick start on 2 cores
        command.add("-Xms32m");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // grpc's netty loads its native transport: allowed, without a warning in the log
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-D" + TestServerProcesses.OWNER_PROPERTY + "=" + ownerPid);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);
        command.add(HOST);
        // the port must stay the last argument: TestServerProcesses.serving(port) looks for it there
        command.add(Integer.toString(port));
        return command;
    }

    private void launch(List<Path> classpath) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
            process = new ProcessBuilder(command(java, classpath, port, ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(settings.logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new TemporalDevServerException("Could not run " + java + " to start the Temporal test server", e);
        }
        if (settings.shutdownHook()) {
            shutdownHook = new Thread(this::stopQuietly, "temporal-test-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        HealthCheckReadiness.Outcome outcome;
        try {
            outcome = HealthCheckReadiness.await(process, target(), Instant.now().plus(settings.startTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAfterFailedStart();
            throw new TemporalDevServerException("Interrupted while waiting for the Temporal test server to start", e);
        }
        switch (outcome) {
            case HealthCheckReadiness.Ready ready -> {
            }
            case HealthCheckReadiness.Exited exited -> {
                killAfterFailedStart();
                throw ServerProcess.failedStart("The Temporal test server exited with code " + exited.exitCode()
                        + " while starting", settings.logFile(), null);
            }
            case HealthCheckReadiness.TimedOut timedOut -> {
                killAfterFailedStart();
                throw ServerProcess.failedStart("The Temporal test server did not answer health checks on " + target()
                        + " within " + settings.startTimeout(), settings.logFile(), timedOut.lastProbeFailure().orElse(null));
            }
        }
    }

    /**
     * Fails at once when something listens on the port, on any address: the test server binds all of them. Says
     * which process it is when it is one of our test servers.
     */
    private static int requireFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return port;
        } catch (IOException e) {
            Optional<ProcessHandle> ours = TestServerProcesses.serving(port);
            String holder = ours.map(p -> "a Temporal test server (pid " + p.pid() + ") that process "
                            + TestServerProcesses.owner(p).orElse(-1) + " started (another decidr app still running?)")
                    .orElse("another program, e.g. a Temporal server or dev server started elsewhere");
            throw new TemporalDevServerException("Cannot start the Temporal test server: port " + port + " is already "
                    + "in use by " + holder + ". Stop it, or use another port (dev profile: "
                    + "--decidr.dev.temporal.port=<port>).", e);
        }
    }

    private void killAfterFailedStart() {
        Process failed = process;
        process = null;
        removeShutdownHook();
        ServerProcess.kill(failed);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // the JVM is exiting: report, but let the other shutdown hooks run
            LOG.error("Could not stop the Temporal test server cleanly", e);
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
}

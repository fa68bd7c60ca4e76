package io.decidr.workflows.devserver;

import io.decidr.workflows.WorkflowSearchAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Temporal server for the dev profile: the Temporal CLI's {@code server start-dev} (fetched by
 * {@code bin/temporal-cli}), with its workflows in a SQLite file that outlives restarts, the Web UI, the frontend on
 * 127.0.0.1 only, namespace {@code default} and the platform's search attributes registered. {@link #start()} returns
 * once the frontend answers health checks; {@link #stop()} asks it to stop (SIGTERM) and kills it after the grace
 * period. A server left behind by a launcher that was killed is stopped by the next start on the same folder (its
 * pid is kept there).
 */
public final class TemporalCliServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String NAMESPACE = "default";
    public static final int DEFAULT_UI_PORT = 8233;

    private static final Logger LOG = LoggerFactory.getLogger(TemporalCliServer.class);

    /**
     * @param cli        the {@code temporal} binary
     * @param folder     where the SQLite file, the log and the pid file live
     * @param port       the frontend's gRPC port (0: a free one)
     * @param uiPort     the Web UI's port (0: a free one)
     */
    public record Settings(Path cli, Path folder, int port, int uiPort, Duration startTimeout, Duration stopGracePeriod) {

        public static Settings of(Path cli, Path folder, int port, int uiPort) {
            return new Settings(cli, folder, port, uiPort, Duration.ofSeconds(60), Duration.ofSeconds(15));
        }

        Path database() {
            return folder.resolve("temporal.db");
        }

        Path logFile() {
            return folder.resolve("server.log");
        }

        Path pidFile() {
            return folder.resolve("server.pid");
        }
    }

    private final Settings settings;
    private Process process;
    private int port;
    private int uiPort;

    public TemporalCliServer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @throws TemporalDevServerException if the CLI is missing, a port is taken, or the server does not come up in
     *                                    time (the message then ends with the tail of its log)
     */
    public synchronized TemporalCliServer start() {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (TemporalDevServerException failed) {
                // start-dev picks free ports of its own for its internal services and binds them later: another
                // process may take one in between ("bind: address already in use"); a new start picks others
                String why = String.valueOf(failed.getMessage());
                if (attempt >= START_ATTEMPTS || !why.contains("address already in use")) {
                    throw failed;
                }
                LOG.warn("The Temporal dev server lost a port it had picked while starting; starting it again ({} of {})",
                        attempt + 1, START_ATTEMPTS);
            }
        }
    }

    /** Starts that fail because a port was taken meanwhile are tried again this often in all. */
    static final int START_ATTEMPTS = 3;

    private TemporalCliServer startOnce() {
        if (process != null) {
            throw new IllegalStateException("The Temporal dev server is already running (pid " + process.pid() + ")");
        }
        if (!Files.isExecutable(settings.cli())) {
            throw new TemporalDevServerException("No Temporal CLI at " + settings.cli() + " (bin/temporal-cli fetches it)");
        }
        try {
            Files.createDirectories(settings.folder());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + settings.folder(), e);
        }
        stopLeftBehind();
        port = settings.port() == 0 ? ServerProcess.freeLoopbackPort() : requireFree(settings.port(), "frontend");
        uiPort = settings.uiPort() == 0 ? ServerProcess.freeLoopbackPort() : requireFree(settings.uiPort(), "Web UI");
        Instant started = Instant.now();
        try {
            process = new ProcessBuilder(command(settings, port, uiPort))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .start();
            Files.writeString(settings.pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemporalDevServerException("Could not run " + settings.cli(), e);
        }
        HealthCheckReadiness.Outcome outcome;
        try {
            outcome = HealthCheckReadiness.await(process, target(), Instant.now().plus(settings.startTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ServerProcess.kill(process);
            process = null;
            throw new TemporalDevServerException("Interrupted while waiting for the Temporal dev server to start", e);
        }
        switch (outcome) {
            case HealthCheckReadiness.Ready ready -> {
            }
            case HealthCheckReadiness.Exited exited -> {
                process = null;
                throw ServerProcess.failedStart("The Temporal dev server exited with code " + exited.exitCode()
                        + " while starting", settings.logFile(), null);
            }
            case HealthCheckReadiness.TimedOut timedOut -> {
                ServerProcess.kill(process);
                process = null;
                throw ServerProcess.failedStart("The Temporal dev server did not answer on " + target() + " within "
                        + settings.startTimeout(), settings.logFile(), timedOut.lastProbeFailure().orElse(null));
            }
        }
        LOG.info("Temporal dev server is up on {} after {} ms (pid {}, namespace {}, workflows kept in {}); Web UI at {}",
                target(), Duration.between(started, Instant.now()).toMillis(), process.pid(), NAMESPACE,
                settings.database(), uiUrl());
        return this;
    }

    static List<String> command(Settings settings, int port, int uiPort) {
        List<String> command = new ArrayList<>(List.of(settings.cli().toString(), "server", "start-dev",
                "--db-filename", settings.database().toString(),
                "--ip", HOST,
                "--port", Integer.toString(port),
                "--ui-port", Integer.toString(uiPort),
                "--namespace", NAMESPACE,
                "--log-level", "warn",
                "--ui-disable-news-fetch"));
        // registered at every start: the same ones again change nothing
        WorkflowSearchAttributes.ALL.forEach(key -> {
            command.add("--search-attribute");
            command.add(key.getName() + "=Keyword");
        });
        return command;
    }

    /** Stops the server: SIGTERM, then a kill after the grace period. Does nothing if it is not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        ServerProcess.stop(stopping, settings.stopGracePeriod(), "Temporal dev server");
        try {
            Files.deleteIfExists(settings.pidFile());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", settings.pidFile(), e.toString());
        }
        LOG.info("Temporal dev server (pid {}) stopped", stopping.pid());
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code host:port} of the frontend, for {@code spring.temporal.connection.target}. */
    public synchronized String target() {
        return HOST + ":" + port;
    }

    public synchronized String uiUrl() {
        return "http://localhost:" + uiPort;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("The Temporal dev server is not running");
        }
        return process.pid();
    }

    /** A server this folder's pid file names, still running the dev server: left behind by a launcher killed hard. */
    private void stopLeftBehind() {
        Optional<ProcessHandle> left;
        try {
            left = Files.exists(settings.pidFile())
                    ? ProcessHandle.of(Long.parseLong(Files.readString(settings.pidFile()).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            left = Optional.empty();
        }
        left.filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains("start-dev")
                        && line.contains(settings.database().toString())).orElse(false))
                .ifPresent(handle -> {
                    LOG.warn("stopping a Temporal dev server left behind on {} (pid {})", settings.database(), handle.pid());
                    handle.destroy();
                    try {
                        handle.onExit().get(settings.stopGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception stillRunning) {
                        handle.destroyForcibly();
                    }
                });
    }

    private static int requireFree(int port, String what) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return port;
        } catch (IOException e) {
            throw new TemporalDevServerException("Cannot start the Temporal dev server: its " + what + " port " + port
                    + " is in use (another decidr app, or a Temporal server started elsewhere?). Stop it, or choose"
                    + " another port (dev profile: --decidr.dev.temporal.port / --decidr.dev.temporal.ui-port).", e);
        }
    }
}

package io.decidr.devservices.temporal;

import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.FreePort;
import io.decidr.devservices.process.Launch;
import io.decidr.devservices.process.PidFile;
import io.decidr.devservices.process.ForkedServer;
import io.decidr.devservices.process.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Temporal server for the dev profile: the Temporal CLI's {@code server start-dev} (fetched by
 * {@code bin/temporal-cli}), with its workflows in a SQLite file that outlives restarts, the Web UI, the frontend on
 * 127.0.0.1 only, namespace {@code default} and the search attributes it is given registered before it serves.
 * {@link #start()} returns once the frontend answers health checks; {@link #stop()} asks it to stop (SIGTERM) and
 * kills it after the grace period. A server left behind by a launcher that was killed is stopped by the next start on
 * the same folder (its pid is kept there). The process itself is run by the shared launcher ({@link ServerProcess}).
 */
public final class TemporalCliServer extends ForkedServer {

    public static final String HOST = "127.0.0.1";
    public static final String NAMESPACE = "default";
    public static final int DEFAULT_UI_PORT = 8233;

    /**
     * Starts that fail because a port was taken meanwhile are tried again this often in all: start-dev picks free
     * ports of its own for its internal services and binds them later, so another process may take one in between
     * ("bind: address already in use"), whatever ports it was given.
     */
    static final int START_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(TemporalCliServer.class);
    private static final String NAME = "Temporal dev server";

    /**
     * @param cli              the {@code temporal} binary
     * @param folder           where the SQLite file, the log and the pid file live
     * @param port             the frontend's gRPC port (0: a free one)
     * @param uiPort           the Web UI's port (0: a free one)
     * @param searchAttributes registered at every start (the same ones again change nothing), as
     *                         {@code --search-attribute} takes them: {@code Name=Type}, e.g. {@code TenantId=Keyword}
     * @param uiCodecEndpoint  where the Web UI's browser code decodes payloads (the platform's {@code /codec}); null for
     *                         none
     */
    public record Settings(Path cli, Path folder, int port, int uiPort, Duration startTimeout, Duration stopGracePeriod,
                           List<String> searchAttributes, String uiCodecEndpoint) {

        public Settings {
            Objects.requireNonNull(cli, "cli");
            Objects.requireNonNull(folder, "folder");
            searchAttributes = List.copyOf(searchAttributes);
            searchAttributes.forEach(attribute -> {
                if (!attribute.matches("[A-Za-z_][A-Za-z0-9_]*=[A-Za-z]+")) {
                    throw new IllegalArgumentException("a search attribute is Name=Type, e.g. TenantId=Keyword; was "
                            + attribute);
                }
            });
        }

        public static Settings of(Path cli, Path folder, int port, int uiPort) {
            return new Settings(cli, folder, port, uiPort, Duration.ofSeconds(60), Duration.ofSeconds(15), List.of(),
                    null);
        }

        public Settings withSearchAttributes(List<String> attributes) {
            return new Settings(cli, folder, port, uiPort, startTimeout, stopGracePeriod, attributes, uiCodecEndpoint);
        }

        /** The Web UI decodes payloads at {@code endpoint} (e.g. {@code http://localhost:8080/codec}). */
        public Settings withUiCodecEndpoint(String endpoint) {
            return new Settings(cli, folder, port, uiPort, startTimeout, stopGracePeriod, searchAttributes, endpoint);
        }

        Path database() {
            return folder.resolve("temporal.db");
        }

        Path logFile() {
            return folder.resolve("server.log");
        }

        PidFile pidFile() {
            return new PidFile(folder.resolve("server.pid"));
        }
    }

    private final Settings settings;
    private int port;
    private int uiPort;

    public TemporalCliServer(Settings settings) {
        super("The Temporal dev server");
        this.settings = settings;
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @throws DevServiceException if the CLI is missing, a port is taken, or the server does not come up in time
     *                             (the message then ends with the tail of its log)
     */
    public synchronized TemporalCliServer start() {
        requireNotRunning();
        if (!Files.isExecutable(settings.cli())) {
            throw new DevServiceException("No Temporal CLI at " + settings.cli() + " (bin/temporal-cli fetches it)");
        }
        try {
            Files.createDirectories(settings.folder());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + settings.folder(), e);
        }
        String database = settings.database().toString();
        settings.pidFile().stopLeftBehind(NAME, settings.stopGracePeriod(),
                arguments -> arguments.contains("start-dev") && arguments.contains(database));
        Instant started = Instant.now();
        ServerProcess server = running(ServerProcess.start(START_ATTEMPTS, attempt -> {
            port = settings.port() == 0 ? FreePort.pick() : requireFree(settings.port(), "frontend");
            uiPort = settings.uiPort() == 0 ? FreePort.pick() : requireFree(settings.uiPort(), "Web UI");
            return Launch.of(NAME, command(settings, port, uiPort), settings.logFile(),
                            () -> new HealthCheckProbe(target()), settings.startTimeout(), settings.stopGracePeriod())
                    .appendingOutput()
                    .withPidFile(settings.pidFile())
                    // the caller stops it: the app once its workers are done with it, a test when it wants to
                    .withoutShutdownHook();
        }));
        LOG.info("Temporal dev server is up on {} after {} ms (pid {}, namespace {}, workflows kept in {}); Web UI at {}",
                target(), Duration.between(started, Instant.now()).toMillis(), server.pid(), NAMESPACE,
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
        settings.searchAttributes().forEach(attribute -> {
            command.add("--search-attribute");
            command.add(attribute);
        });
        if (settings.uiCodecEndpoint() != null) {
            command.add("--ui-codec-endpoint");
            command.add(settings.uiCodecEndpoint());
        }
        return command;
    }


    /** {@code host:port} of the frontend, for {@code spring.temporal.connection.target}. */
    public synchronized String target() {
        return HOST + ":" + port;
    }

    public synchronized String uiUrl() {
        return "http://localhost:" + uiPort;
    }

    private static int requireFree(int port, String what) {
        return FreePort.requireFree(port, () -> "Cannot start the Temporal dev server: its " + what + " port " + port
                + " is in use (another decidr app, or a Temporal server started elsewhere?). Stop it, or choose"
                + " another port (dev profile: --decidr.dev.temporal.port / --decidr.dev.temporal.ui-port).");
    }
}

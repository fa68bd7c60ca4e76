package io.decidr.devservices.temporal;

import io.decidr.devservices.process.CopiedClasspath;
import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.FreePort;
import io.decidr.devservices.process.Launch;
import io.decidr.devservices.process.OwnerMarker;
import io.decidr.devservices.process.ProcessArguments;
import io.decidr.devservices.process.ForkedServer;
import io.decidr.devservices.process.ServerProcess;
import java.io.File;
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
 * ({@link #CLASSPATH}), on the application's own JDK.
 * Time skipping stays off, so timers take real time as on a real server.
 *
 * <p>{@link #start()} returns once the server answers gRPC health checks; {@link #stop()} (also run by a JVM
 * shutdown hook, unless the settings leave that to the caller) asks it to stop and kills it after the grace
 * period. A server left behind by a launcher that was killed hard is stopped by the next {@link #start()}. The
 * process itself is run by the shared launcher ({@link ServerProcess}).
 *
 * <pre>{@code
 * try (TemporalDevServer temporal = new TemporalDevServer(DevServerSettings.on(7233, logFile)).start()) {
 *     WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
 *             WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
 * }
 * }</pre>
 */
public final class TemporalDevServer extends ForkedServer {

    public static final String HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7233;
    /** The namespace the test server serves (it accepts any name; every Temporal tool assumes this one). */
    public static final String NAMESPACE = "default";

    /** temporal-test-server and its dependencies, copied by the build to devservices/target/temporal-test-server/lib. */
    public static final CopiedClasspath CLASSPATH = new CopiedClasspath("Temporal test server",
            "decidr.temporal.test-server-lib", "DECIDR_TEMPORAL_TEST_SERVER_LIB", "temporal-test-server",
            "temporal-test-server-");

    /** Temporal's test server bound to {@link #HOST} only (built with the copied classpath, see its pom.xml). */
    static final String MAIN_CLASS = "io.decidr.devserver.LoopbackTestServer";
    /** Marks our test server JVMs with their launcher's pid. */
    static final OwnerMarker OWNER = new OwnerMarker("decidr.temporal-test-server.owner");

    private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServer.class);
    private static final String NAME = "Temporal test server";
    /** Starts on a free port that another process took meanwhile are tried again this often in all. */
    private static final int START_ATTEMPTS_WITH_A_FREE_PORT = 3;
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(10);

    private final DevServerSettings settings;
    private int port;

    public TemporalDevServer(DevServerSettings settings) {
        super("The Temporal test server");
        this.settings = settings;
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @throws DevServiceException if the port is taken (the message says by what, when it knows), no server
     *                             classpath is found, or the server does not come up in time (the message then ends
     *                             with the tail of its log)
     */
    public synchronized TemporalDevServer start() {
        requireNotRunning();
        List<Path> classpath = CLASSPATH.locate(settings.serverLib());
        stopOrphans();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Instant started = Instant.now();
        ServerProcess server = running(ServerProcess.start(settings.port() == 0 ? START_ATTEMPTS_WITH_A_FREE_PORT : 1, attempt -> {
            port = settings.port() == 0 ? FreePort.pick() : requireFree(settings.port());
            Launch launch = Launch.of(NAME, command(java, classpath, port, ProcessHandle.current().pid()),
                    settings.logFile(), () -> new HealthCheckProbe(target()), settings.startTimeout(),
                    settings.stopGracePeriod());
            return settings.shutdownHook() ? launch : launch.withoutShutdownHook();
        }));
        LOG.info("Temporal test server is up on {} after {} ms (pid {}, namespace {}, log {}); it keeps workflows in "
                        + "memory only", target(), Duration.between(started, Instant.now()).toMillis(), server.pid(),
                NAMESPACE, settings.logFile());
        return this;
    }


    /** {@code host:port} for {@code spring.temporal.connection.target}; meaningful once started. */
    public synchronized String target() {
        return HOST + ":" + port;
    }

    public synchronized int port() {
        return port;
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
        command.add(OWNER.argument(ownerPid));
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);
        command.add(HOST);
        // the port must stay the last argument: serving(port) looks for it there
        command.add(Integer.toString(port));
        return command;
    }

    /** Stops every test server of ours whose launching process no longer exists. */
    static void stopOrphans() {
        OWNER.stopOrphans("Temporal test server", ORPHAN_GRACE, arguments -> { });
    }

    /** A live test server of ours (of any owner) serving this port, if there is one. */
    static Optional<ProcessHandle> serving(int port) {
        String portArgument = Integer.toString(port);
        return OWNER.servers().filter(process -> {
            List<String> arguments = ProcessArguments.of(process);
            return !arguments.isEmpty() && arguments.getLast().equals(portArgument);
        }).findFirst();
    }

    /** Fails at once when something listens on the port; says which process it is when it is one of our servers. */
    private static int requireFree(int port) {
        return FreePort.requireFree(port, () -> {
            String holder = serving(port).map(p -> "a Temporal test server (pid " + p.pid() + ") that process "
                            + OWNER.owner(p).orElse(-1) + " started (another decidr app still running?)")
                    .orElse("another program, e.g. a Temporal server or dev server started elsewhere");
            return "Cannot start the Temporal test server: port " + port + " is already in use by " + holder
                    + ". Stop it, or use another port (dev profile: --decidr.dev.temporal.port=<port>).";
        });
    }
}

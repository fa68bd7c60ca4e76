package io.decidr.devservices.kafka;

import io.decidr.devservices.process.CopiedClasspath;
import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.ForkedServer;
import io.decidr.devservices.process.FreePort;
import io.decidr.devservices.process.Launch;
import io.decidr.devservices.process.LogTail;
import io.decidr.devservices.process.OwnerMarker;
import io.decidr.devservices.process.ReadinessProbe;
import io.decidr.devservices.process.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one JVM) on 127.0.0.1, for tests: its folder holds
 * its configuration and data, formatted on the first start; {@link #stop()} or {@link #kill()} and then
 * {@link #start()} again bring the same broker back on the same ports with its topics, offsets and committed
 * consumer positions. Topics are created on first use, four partitions each.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafka.Settings.in(folder)).start()) {
 *     producerProperties.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka extends ForkedServer {

    public static final String HOST = "127.0.0.1";

    /** kafka_2.13 and its dependencies, copied by the build to devservices/target/embedded-kafka/lib. */
    public static final CopiedClasspath CLASSPATH = new CopiedClasspath("Kafka broker", "decidr.kafka-lib",
            "DECIDR_KAFKA_LIB", "embedded-kafka", "kafka_2.13-");

    static final String MAIN_CLASS = "kafka.Kafka";
    static final String FORMAT_CLASS = "kafka.tools.StorageTool";
    static final String STARTED = "Kafka Server started";
    static final OwnerMarker OWNER = new OwnerMarker("decidr.embedded-kafka.owner");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String NAME = "Kafka";
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(10);

    /**
     * @param folder         configuration, data and log of the broker (kept across restarts)
     * @param port           the clients' port (0: a free one, chosen once and kept across restarts)
     * @param controllerPort the KRaft controller's port (0: likewise)
     * @param startTimeout   how long a start waits for the broker to serve
     * @param stopGrace      how long a stop lets the broker shut down before killing it
     * @param serverLib      the copied classpath's folder, or null to search for it
     */
    public record Settings(Path folder, int port, int controllerPort, Duration startTimeout, Duration stopGrace,
            Path serverLib) {

        /** Free ports, a minute to start, ten seconds to stop. */
        public static Settings in(Path folder) {
            return new Settings(folder, 0, 0, Duration.ofMinutes(1), Duration.ofSeconds(10), null);
        }
    }

    private final Settings settings;
    private int port;
    private int controllerPort;

    public EmbeddedKafka(Settings settings) {
        super("The Kafka broker");
        this.settings = settings;
        this.port = settings.port();
        this.controllerPort = settings.controllerPort();
    }

    /** Starts the broker (formatting its folder the first time) and waits until it serves. */
    public synchronized EmbeddedKafka start() {
        requireNotRunning();
        List<Path> classpath = CLASSPATH.locate(settings.serverLib());
        OWNER.stopOrphans(NAME, ORPHAN_GRACE, arguments -> { });
        if (port == 0) {
            port = FreePort.pick();
        }
        if (controllerPort == 0) {
            controllerPort = FreePort.pick();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path properties = writeProperties();
        if (!Files.exists(data().resolve("meta.properties"))) {
            format(java, classpath, properties);
        }
        Instant started = Instant.now();
        Path output = settings.folder().resolve("kafka.log");
        ServerProcess server = running(ServerProcess.start(Launch.of(NAME,
                command(java, classpath, MAIN_CLASS, List.of(properties.toString())), output,
                () -> new LogLineProbe(output, STARTED, bootstrapServers()), settings.startTimeout(),
                settings.stopGrace())));
        LOG.info("Kafka is up on {} after {} ms (pid {}, folder {})", bootstrapServers(),
                Duration.between(started, Instant.now()).toMillis(), server.pid(), settings.folder());
        return this;
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}; chosen at the first start and kept. */
    public synchronized String bootstrapServers() {
        return HOST + ":" + port;
    }

    private Path data() {
        return settings.folder().resolve("data");
    }

    private Path writeProperties() {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data(),
                "num.partitions=4",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // a test's broker: small segments, nothing kept longer than a day
                "log.segment.bytes=16777216",
                "log.retention.hours=24",
                "");
        try {
            Files.createDirectories(settings.folder());
            Path file = settings.folder().resolve("server.properties");
            Files.writeString(file, properties, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka broker's configuration", e);
        }
    }

    /** Formats the data folder for a new single-node cluster (KRaft needs it before the first start). */
    private void format(Path java, List<Path> classpath, Path properties) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        Path log = settings.folder().resolve("format.log");
        try {
            Process format = new ProcessBuilder(command(java, classpath, FORMAT_CLASS,
                    // one argument with '=': an id starting with '-' (one in 32) is otherwise read as an option
                    List.of("format", "--cluster-id=" + clusterId, "--config=" + properties)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!format.waitFor(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new DevServiceException("Formatting the Kafka broker's folder failed:\n" + LogTail.of(log, 20));
            }
        } catch (IOException e) {
            throw new DevServiceException("Cannot run the Kafka storage tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevServiceException("Interrupted while formatting the Kafka broker's folder", e);
        }
    }

    private static List<String> command(Path java, List<Path> classpath, String main, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xms64m");
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add(OWNER.argument(ProcessHandle.current().pid()));
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(main);
        command.addAll(arguments);
        return command;
    }

    /** Ready once the broker's log says it started (it says so once its listeners accept and it serves). */
    private record LogLineProbe(Path log, String line, String address) implements ReadinessProbe {

        @Override
        public String awaited() {
            return "log \"" + line + "\" and serve on " + address;
        }

        @Override
        public Optional<String> check() {
            try {
                return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)
                        ? Optional.of("Kafka on " + address) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

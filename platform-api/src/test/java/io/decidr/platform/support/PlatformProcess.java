package io.decidr.platform.support;

import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.devservices.process.FreePort;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.DecidrApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application in a JVM of its own (the test classpath, the dev profile without embedded services), against a test
 * database and keyspace, with the roles given: a second replica, or a process of one role, as the Helm chart runs them.
 */
public final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;
    private final int managementPort;

    private PlatformProcess(Process process, Path output, int port, int managementPort) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts it and waits (bounded) until its readiness probe answers UP.
     *
     * @param arguments more {@code --name=value} settings (its roles, a lease holder)
     */
    public static PlatformProcess start(TestPostgres.Database database, String keyspace, List<String> arguments) {
        EmbeddedCassandra cassandra = TestCassandra.server();
        int port = FreePort.pick();
        int managementPort = FreePort.pick();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                DecidrApplication.class.getName(),
                "--spring.profiles.active=dev",
                "--decidr.dev.postgres.embedded=false",
                "--decidr.dev.cassandra.embedded=false",
                "--decidr.dev.temporal.embedded=false",
                "--spring.temporal.test-server.enabled=true",
                "--decidr.security.hmac-secret=" + PlatformTest.TEST_SECRET,
                "--spring.r2dbc.url=r2dbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.name(),
                "--spring.r2dbc.username=" + TestPostgres.Database.USER,
                "--spring.r2dbc.password=" + TestPostgres.Database.PASSWORD,
                "--spring.cassandra.contact-points=" + cassandra.host() + ":" + cassandra.nativePort(),
                "--spring.cassandra.local-datacenter=" + cassandra.localDatacenter(),
                "--spring.cassandra.keyspace-name=" + keyspace,
                "--server.port=" + port,
                "--management.server.port=" + managementPort));
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile(Files.isDirectory(Path.of("target")) ? Path.of("target")
                    : Path.of(System.getProperty("java.io.tmpdir")), "platform-process-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            PlatformProcess started = new PlatformProcess(process, output, port, managementPort);
            started.awaitReady(Duration.ofMinutes(2));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the platform process ended with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the platform process", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the platform process", e);
            }
        }
        throw new AssertionError("the platform process was not ready within " + timeout + ":\n" + tail());
    }

    /** Its API port. */
    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything it has written to its standard output and error so far, line by line. */
    public List<String> output() {
        try {
            return Files.readAllLines(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its last lines of output, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(its output could not be read: " + e + ")";
        }
    }

    /** SIGTERM, and SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

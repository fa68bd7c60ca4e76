package io.decidr.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.devservices.temporal.TemporalCli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/run} promises, on the packaged app started as {@code bin/run} starts it (the production jar, the dev
 * services on its loader path): the dev profile with the real Temporal dev server, killed
 * ({@code SIGKILL}, no shutdown of any kind) in the middle of an import and started again on the same data directory.
 * The stale embedded servers of the dead app are cleaned up, and the job finishes with every row imported exactly
 * once: the workflow lives in the Temporal server's SQLite file, the job's effects in PostgreSQL, its read models in
 * Cassandra, all under {@code .data}. The app's output is in {@code target/dev-restart/}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DevRunRestartIT {

    private static final Path JAR = Path.of("target", "platform-api-exec.jar");
    /** What bin/run puts on the app's loader path: the devservices jar and what it needs that the app lacks. */
    private static final String DEV_SERVICES = Path.of("..", "devservices", "target", "devservices.jar").toAbsolutePath()
            .normalize() + "," + Path.of("..", "devservices", "target", "app-lib").toAbsolutePath().normalize();
    private static final Path LOGS = Path.of("target", "dev-restart");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 1_500;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> apps = new ArrayList<>();
    /** The embedded servers of the killed app, left running by it (the next start stops them). */
    private final List<ProcessHandle> orphans = new ArrayList<>();
    private List<String> command;
    private int apiPort;
    private int managementPort;

    @AfterEach
    void stopEverything() {
        for (Process app : apps) {
            List<ProcessHandle> children = app.descendants().toList();
            app.destroy();
            try {
                app.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        orphans.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void a_job_finishes_with_its_effects_exactly_once_after_the_app_is_killed_and_started_again() throws Exception {
        assertThat(JAR).as("the packaged app (failsafe runs after package)").exists();
        Files.createDirectories(LOGS);
        int[] ports = freePorts(7);
        apiPort = ports[0];
        managementPort = ports[1];
        String java = ProcessHandle.current().info().command().orElse("java");
        // as bin/run starts it: the production jar, and the dev services beside it on Spring Boot's loader path
        command = List.of(java, "-Xmx768m", "-Dloader.path=" + DEV_SERVICES, "-jar", JAR.toAbsolutePath().toString(),
                "--spring.profiles.active=dev",
                "--decidr.dev.data-dir=" + dataDir,
                "--decidr.dev.temporal.cli=" + TemporalCli.pinned(),
                "--server.port=" + apiPort,
                "--management.server.port=" + managementPort,
                "--decidr.dev.postgres.port=" + ports[2],
                "--decidr.dev.temporal.port=" + ports[3],
                "--decidr.dev.temporal.ui-port=" + ports[4],
                "--decidr.dev.cassandra.port=" + ports[5],
                "--decidr.dev.cassandra.storage-port=" + ports[6],
                // slow enough to be killed in the middle; a run of the workflow per chunk of 1,000 rows
                "--decidr.jobs.max-items-per-second=150",
                "--decidr.jobs.chunks-per-run=1");

        Process first = start("app-1.log");
        String root = token(null, "root", "platform-admin");
        String tenant = graphql(root, "mutation { registerTenant(name: \"Restarts\") { id } }", Map.of())
                .at("/data/registerTenant/id").asText();
        String ada = token(tenant, "ada", "admin", "member");
        String collection = graphql(ada, "mutation { createCollection(name: \"Rows\") { id } }", Map.of())
                .at("/data/createCollection/id").asText();
        graphql(ada, "mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }",
                Map.of("c", collection));
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("row ").append(i).append('\n');
        }
        String job = graphql(ada, "mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }",
                Map.of("c", collection, "p", Map.of("format", "CSV", "data", csv.toString())))
                .at("/data/startComputeJob").asText();
        await(() -> done(ada, job) >= 200, Duration.ofMinutes(1), "the job under way");

        // no shutdown hook, no stopping of the embedded servers: as a crash or `kill -9`
        orphans.addAll(first.descendants().toList());
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);

        start("app-2.log");
        long doneWhenKilled = done(ada, job);
        assertThat(doneWhenKilled).as("rows done when the app died").isLessThan(ROWS);
        await(() -> "COMPLETED".equals(status(ada, job)), Duration.ofMinutes(4), "the job completed after the restart");

        JsonNode finished = graphql(ada, "query($id: ID!) { computeJob(id: $id) { done total summary { created updated skipped } } }",
                Map.of("id", job)).at("/data/computeJob");
        assertThat(finished.at("/done").asInt()).isEqualTo(ROWS);
        assertThat(finished.at("/total").asInt()).isEqualTo(ROWS);
        assertThat(finished.at("/summary/created").asInt()).isEqualTo(ROWS);
        assertThat(finished.at("/summary/skipped").asInt()).isZero();
        await(() -> names(ada, collection).size() >= ROWS, Duration.ofMinutes(1), "every row in the read model");
        List<String> names = names(ada, collection);
        assertThat(names).hasSize(ROWS);
        assertThat(new HashSet<>(names)).hasSize(ROWS);
    }

    /** Starts the app and waits until it answers. */
    private Process start(String log) throws IOException {
        Path output = LOGS.resolve(log);
        Process app = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        apps.add(app);
        await(() -> {
            assertThat(app.isAlive()).as("the app is running (see " + output + ")").isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return health.statusCode() == 200 && health.body().contains("\"UP\"");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofMinutes(3), "the app up (" + output + ")");
        return app;
    }

    private String token(String tenant, String user, String... roles) throws IOException, InterruptedException {
        Map<String, Object> body = tenant == null ? Map.of("user", user, "roles", List.of(roles))
                : Map.of("tenantId", tenant, "user", user, "roles", List.of(roles));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/dev/token"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).at("/token").asText();
    }

    private JsonNode graphql(String token, String document, Map<String, Object> variables) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/graphql"))
                            .header("content-type", "application/json").header("authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                    Map.of("query", document, "variables", variables)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("errors").isMissingNode() || body.path("errors").isEmpty()).as(response.body()).isTrue();
            return body;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long done(String token, String job) {
        return graphql(token, "query($id: ID!) { computeJob(id: $id) { done } }", Map.of("id", job))
                .at("/data/computeJob/done").asLong();
    }

    private String status(String token, String job) {
        return graphql(token, "query($id: ID!) { computeJob(id: $id) { status } }", Map.of("id", job))
                .at("/data/computeJob/status").asText();
    }

    private List<String> names(String token, String collection) {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new java.util.HashMap<>(Map.of("c", collection));
            if (after != null) {
                variables.put("a", after);
            }
            JsonNode page = graphql(token, """
                    query($c: ID!, $a: String) { entities(collectionId: $c, first: 100, after: $a) {
                      edges { node { values { text } } } pageInfo { hasNextPage endCursor } } }""", variables)
                    .at("/data/entities");
            page.at("/edges").forEach(edge -> names.add(edge.at("/node/values/0/text").asText()));
            after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);
        return names;
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}

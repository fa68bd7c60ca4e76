package io.decidr.devservices.devprofile;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/**
 * The dev profile starts Temporal's test server as a child process of the app and points the Temporal properties
 * at it; PostgreSQL and Cassandra are switched off here, as in the platform-api tests (PlatformTest).
 */
class DevEnvironmentTemporalIT {

    private static final String TEST_SERVER_MAIN = "io.decidr.devserver.LoopbackTestServer";

    @TempDir
    Path dataDir;

    @Test
    void the_dev_profile_runs_the_temporal_test_server_as_a_child_process_and_points_the_client_at_it()
            throws Exception {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("decidr.dev.data-dir", dataDir.toString())
                .withProperty("decidr.dev.postgres.embedded", "false")
                .withProperty("decidr.dev.cassandra.embedded", "false")
                .withProperty("decidr.dev.temporal.port", "0")
                .withProperty("decidr.security.hmac-secret", "unused");
        environment.setActiveProfiles(DevEnvironment.PROFILE);

        new DevEnvironment().postProcessEnvironment(environment, new SpringApplication());

        String target = environment.getProperty("spring.temporal.connection.target");
        assertThat(target).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(environment.getProperty("spring.temporal.namespace")).isEqualTo("default");
        ProcessHandle server = ProcessHandle.current().children()
                .filter(child -> arguments(child).contains(TEST_SERVER_MAIN))
                .findFirst().orElseThrow(() -> new AssertionError("no test server among the children"));
        try {
            assertThat(arguments(server).getLast()).isEqualTo(target.substring(target.indexOf(':') + 1));
            WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(target).validateAndBuildWithDefaults());
            try {
                assertThat(service.healthCheck().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                service.shutdownNow();
            }
            assertThat(dataDir.resolve("temporal").resolve("test-server.log")).exists();
            // bound to 127.0.0.1 alone: another loopback address (which a wildcard bind would serve) is refused
            int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            try (java.net.Socket elsewhere = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> elsewhere.connect(
                                new java.net.InetSocketAddress("127.0.0.2", port), 2_000))
                        .isInstanceOf(java.net.ConnectException.class);
            }
        } finally {
            // the app stops it with a shutdown hook; this test JVM goes on, so stop it now
            server.destroy();
            server.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> arguments(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}

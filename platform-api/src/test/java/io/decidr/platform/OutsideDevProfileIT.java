package io.decidr.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.config.WorkerRole;
import io.decidr.platform.support.PlatformTest;
import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Without the dev profile the app uses the PostgreSQL, Cassandra and Temporal named by the standard properties,
 * starts nothing embedded, and has neither the token endpoint nor GraphiQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "decidr.security.hmac-secret=" + PlatformTest.TEST_SECRET,
        "decidr.dev.data-dir=target/must-not-exist",
        // Temporal payloads are encrypted unless switched off: production gives the keys
        "decidr.temporal.encryption.active-key=outside",
        "decidr.temporal.encryption.keys.outside=b3V0c2lkZS10aGUtZGV2LXByb2ZpbGUta2V5LTMyYiE=",
})
class OutsideDevProfileIT {

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.Database database = TestPostgres.newDatabase();
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + database.host() + ":" + database.port() + "/"
                + database.name());
        registry.add("spring.r2dbc.username", () -> TestPostgres.Database.USER);
        registry.add("spring.r2dbc.password", () -> TestPostgres.Database.PASSWORD);
        PlatformTest.cassandra(registry, "outside_dev_" + ProcessHandle.current().pid());
        registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + temporalPort());
        registry.add("spring.temporal.namespace", () -> "outside-dev");
    }

    /** A Temporal test server on a port of this JVM, as long as the JVM lives: the app reaches it over the network. */
    private static synchronized int temporalPort() {
        if (temporalPort == 0) {
            try (ServerSocket free = new ServerSocket(0)) {
                temporalPort = free.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestServer.createPortBoundServer(temporalPort);
        }
        return temporalPort;
    }

    private static int temporalPort;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    WorkerRole workerRole;

    @Autowired
    WorkflowClient client;

    @Test
    void there_is_no_dev_token_endpoint_no_graphiql_and_no_embedded_database() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        http.post().uri("/dev/token").bodyValue(Map.of("user", "mallory", "roles", new String[] {"platform-admin"}))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/graphiql").exchange().expectStatus().isNotFound();
        http.get().uri("/graphiql/assets/graphiql.min.js").exchange().expectStatus().isNotFound();
        http.post().uri("/graphql").bodyValue(Map.of("query", "{ me { user } }")).exchange()
                .expectStatus().isUnauthorized();
        assertThat(Files.exists(Path.of("target/must-not-exist"))).isFalse();
        // management lives on its own port; the API port has none of it
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isNotFound();
        WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void temporal_is_the_server_and_namespace_of_the_standard_properties() {
        assertThat(workerRole.enabled()).isTrue();
        assertThat(client.getOptions().getNamespace()).isEqualTo("outside-dev");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort()).validateAndBuildWithDefaults());
        try {
            // the app registered them there at start-up (the test server keeps one set for all namespaces)
            assertThat(SearchAttributeRegistration.register(service, "outside-dev", WorkflowSearchAttributes.ALL,
                    Duration.ofSeconds(10))).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOf(SearchAttributeRegistration.AlreadyRegistered.class));
        } finally {
            service.shutdownNow();
        }
    }
}

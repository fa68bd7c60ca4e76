package io.decidr.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.support.PlatformTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Without the dev profile the app uses the PostgreSQL named by the standard properties, starts nothing
 * embedded, and has neither the token endpoint nor GraphiQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "decidr.security.hmac-secret=" + PlatformTest.TEST_SECRET,
        "decidr.dev.data-dir=target/must-not-exist",
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
    }

    @LocalServerPort
    int port;

    @Test
    void there_is_no_dev_token_endpoint_no_graphiql_and_no_embedded_database() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        http.post().uri("/dev/token").bodyValue(Map.of("user", "mallory", "roles", new String[] {"platform-admin"}))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/graphiql").exchange().expectStatus().isNotFound();
        http.post().uri("/graphql").bodyValue(Map.of("query", "{ me { user } }")).exchange()
                .expectStatus().isUnauthorized();
        assertThat(Files.exists(Path.of("target/must-not-exist"))).isFalse();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }
}

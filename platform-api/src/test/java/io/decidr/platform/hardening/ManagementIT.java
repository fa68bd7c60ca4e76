package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

/**
 * Management endpoints live on a port of their own; health is open (probes), metrics are for operators and platform
 * admins only. Only the dev profile has default credentials, and it listens on the loopback interface.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementIT extends PlatformTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    Environment environment;

    Api api;
    RawHttp main;
    RawHttp management;

    @BeforeAll
    void clients() {
        api = new Api(port);
        main = new RawHttp(port);
        management = new RawHttp(managementPort);
    }

    @Test
    void management_has_its_own_port_and_the_api_port_has_no_actuator() {
        assertThat(managementPort).isNotEqualTo(port);
        String operator = api.token(UUID.randomUUID(), "olga", "operator");
        RawHttp.Reply onApiPort = main.get("/actuator/metrics", "Authorization", "Bearer " + operator);
        assertThat(onApiPort.status()).isEqualTo(404);
        assertThat(management.get("/actuator/metrics", "Authorization", "Bearer " + operator).status()).isEqualTo(200);
    }

    @Test
    void metrics_are_for_operators_and_platform_admins_only() {
        UUID tenant = UUID.randomUUID();
        for (String role : new String[] {"member", "admin"}) {
            RawHttp.Reply reply = management.get("/actuator/metrics", "Authorization", "Bearer " + api.token(tenant, "u", role));
            assertThat(reply.status()).as(role).isEqualTo(403);
            assertThat(reply.code()).as(role).isEqualTo("FORBIDDEN");
        }
        assertThat(management.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(management.get("/actuator/metrics", "Authorization", "Bearer " + api.token(null, "root", "platform-admin"))
                .status()).isEqualTo(200);
    }

    @Test
    void prometheus_shows_the_projectors_graphql_and_the_temporal_sdk_for_operators() {
        String operator = api.token(UUID.randomUUID(), "olga", "operator");
        // a tenant and a collection: commands through the bus, so that its meters have samples
        Fixture.create(port, "Metrics");
        // one GraphQL request, so that its timer has a sample
        assertThat(main.post("/graphql", "application/json", "{\"query\":\"{ __typename }\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "Authorization", "Bearer " + operator).status()).isEqualTo(200);
        RawHttp.Reply scrape = management.get("/actuator/prometheus", "Authorization", "Bearer " + operator);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("decidr_projector_lag_events", "decidr_projector_parked",
                "graphql_request_seconds", "temporal_",
                // the command bus's meters, by aggregate type and outcome
                "decidr_commands_seconds_bucket{aggregate=\"tenant\",outcome=\"written\"",
                "decidr_commands_seconds_bucket{aggregate=\"collection\",outcome=\"written\"",
                "decidr_appends_seconds_count{aggregate=\"tenant\"}");
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void health_is_open_for_probes() {
        assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void readiness_reflects_postgresql_cassandra_and_temporal_and_liveness_only_the_process() {
        RawHttp.Reply readiness = management.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"r2dbc\":{\"status\":\"UP\"", "\"cassandra\":{\"status\":\"UP\"",
                "\"temporal\":{\"status\":\"UP\"", "\"readinessState\":{\"status\":\"UP\"");
        RawHttp.Reply liveness = management.get("/actuator/health/liveness");
        assertThat(liveness.body()).doesNotContain("r2dbc", "cassandra", "temporal");
    }

    @Test
    void only_the_dev_profile_has_default_credentials() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties base = yaml.getObject();
        assertThat(base.stringPropertyNames()).noneMatch(name -> name.startsWith("spring.r2dbc.url")
                || name.endsWith(".username") || name.endsWith(".password") || name.contains("hmac-secret"));
    }

    @Test
    void the_dev_profile_listens_on_loopback_only() {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }
}

package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A worker-only or projector-only process ({@code decidr.roles.api.enabled=false}, as the Helm chart runs them):
 * the server port answers 404 ROLE_DISABLED before reading any token or document, the management port still serves
 * its probes. (All three roles off here: the app starts only its web servers.)
 */
@TestPropertySource(properties = {
        "decidr.roles.api.enabled=false",
        "decidr.roles.worker.enabled=false",
        "decidr.roles.projector.enabled=false"})
class ApiRoleOffIT extends PlatformTest {

    @LocalManagementPort
    int managementPort;

    @Test
    void the_api_port_refuses_everything_and_the_management_port_still_answers_probes() {
        RawHttp api = new RawHttp(port);
        RawHttp.Reply graphql = api.post("/graphql", "application/json",
                "{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(graphql.status()).isEqualTo(404);
        assertThat(graphql.code()).isEqualTo("ROLE_DISABLED");
        assertThat(api.get("/uploads").status()).isEqualTo(404);

        RawHttp management = new RawHttp(managementPort);
        assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}

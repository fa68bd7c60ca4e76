package io.decidr.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * With JSON logs on ({@code logging.structured.format.console}, Elastic Common Schema here) and tracing on, the
 * application writes one JSON object per line, and a line logged while a command is handled carries the command's
 * tenant, correlation and command ids and its trace: the trace the client sent. The application runs in a JVM of its
 * own, whose output the test reads.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_command_logs_json_lines_with_its_tenant_correlation_and_trace() {
        try (PlatformProcess app = PlatformProcess.start(TestPostgres.newDatabase(), "json_logs_" + ProcessHandle.current().pid(),
                List.of("--logging.config=classpath:json-logback.xml",
                        "--logging.structured.format.console=ecs",
                        "--management.tracing.enabled=true",
                        "--logging.level.io.decidr.application.command=DEBUG"))) {
            Api api = new Api(app.port());
            UUID tenant = UUID.fromString(api.as(api.token(null, "root", "platform-admin"))
                    .document("mutation { registerTenant(name: \"Logged\") { id } }").execute()
                    .path("registerTenant.id").entity(String.class).get());
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpGraphQlTester owner = api.as(api.token(tenant, "lou", "admin", "member")).mutate()
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build();
            UUID command = UUID.randomUUID();

            owner.document("mutation($id: ID!) { createCollection(name: \"Logs\", commandId: $id) { id } }")
                    .variable("id", command.toString()).execute().path("createCollection.id").hasValue();

            Api.eventually(() -> written(app, command).isPresent(), Duration.ofSeconds(30), "the command's log line");
            JsonNode line = written(app, command).orElseThrow();
            assertThat(line.path("log").path("level").asText()).isEqualTo("DEBUG");
            assertThat(line.path("tenantId").asText()).isEqualTo(tenant.toString());
            assertThat(line.path("correlationId").asText()).isEqualTo(command.toString());
            assertThat(line.path("commandId").asText()).isEqualTo(command.toString());
            assertThat(line.path("traceId").asText()).as("the client's trace").isEqualTo(traceId);
            assertThat(line.path("spanId").asText()).hasSize(16);
            assertThat(app.output()).as("the application's start, logged as JSON")
                    .anyMatch(text -> json(text).map(node -> node.path("message").asText().startsWith("Started "))
                            .orElse(false));
        }
    }

    /** The JSON line that logs the command's write, if there is one yet. */
    private static Optional<JsonNode> written(PlatformProcess app, UUID command) {
        return app.output().stream().map(JsonLogsIT::json).flatMap(Optional::stream)
                .filter(node -> node.path("message").asText().startsWith("command " + command + " wrote"))
                .findFirst();
    }

    private static Optional<JsonNode> json(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line));
        } catch (JsonProcessingException e) {
            throw new AssertionError("a log line that is not JSON: " + line, e);
        }
    }
}

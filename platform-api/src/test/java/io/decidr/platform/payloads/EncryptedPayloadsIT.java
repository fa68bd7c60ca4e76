package io.decidr.platform.payloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import com.google.protobuf.util.JsonFormat;
import io.decidr.workflows.onboarding.OnboardTenantWorkflow;
import io.decidr.workflows.payloads.EncryptedPayloads;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Temporal holds the suite's payloads encrypted (the suite's application runs with
 * {@code decidr.temporal.encryption.enabled}, on the in-process test server): what users typed is nowhere in clear in
 * the workflow histories, and the codec endpoint shows it to operators only, from the Temporal UI's origin only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedPayloadsIT extends PlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    WorkflowClient temporal;

    private Api api;
    private HttpGraphQlTester admin;

    @BeforeAll
    void tenant() {
        api = new Api(port);
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Sealed\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
    }

    @Test
    void what_users_typed_is_in_workflow_histories_only_encrypted_and_operators_decode_it_through_the_codec_endpoint()
            throws Exception {
        // an onboarding saga: the tenant's name and its admin's user name are the workflow's input
        String marker = "Marker-" + UUID.randomUUID();
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        String tenant = platformAdmin.document("""
                        mutation($n: String!, $u: String!) { onboardTenant(name: $n, template: "crm", adminUser: $u) { tenantId } }""")
                .variable("n", marker + " Ltd").variable("u", marker + "@example.com")
                .execute().path("onboardTenant.tenantId").entity(String.class).get();
        History onboarding = temporal.fetchHistory(OnboardTenantWorkflow.ID_PREFIX + "/" + tenant).getHistory();
        assertThat(onboarding.getEventsCount()).isGreaterThan(5);
        assertThat(onboarding.toByteString().toString(StandardCharsets.ISO_8859_1)).doesNotContain(marker);
        Payload input = onboarding.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput()
                .getPayloads(0);
        assertThat(EncryptedPayloads.encrypted(input)).isTrue();
        // the app's own converter reads it back
        assertThat(temporal.getOptions().getDataConverter().fromPayload(input, Object.class, Object.class).toString())
                .contains(marker);

        // an import: its workflow's input (the job's settings) and every activity's payloads too
        String collection = admin.document("mutation { createCollection(name: \"People\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute();
        String job = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", collection)
                .variable("p", Map.of("format", "JSON", "data", "[{\"Name\": \"" + marker + "\"}]", "onError", "FAIL"))
                .execute().path("startComputeJob").entity(String.class).get();
        String[] workflowId = new String[1];
        Api.eventually(() -> {
            var response = admin.document("query($id: ID!) { computeJob(id: $id) { status temporal { workflowId } } }")
                    .variable("id", job).execute().returnResponse();
            if (!response.getErrors().isEmpty()) {
                return false;
            }
            Map<String, Object> node = response.field("computeJob").getValue();
            if (node.get("temporal") instanceof Map<?, ?> temporalNode) {
                workflowId[0] = temporalNode.get("workflowId").toString();
            }
            return workflowId[0] != null && "COMPLETED".equals(node.get("status"));
        }, WAIT, "the import to complete");
        History imported = temporal.fetchHistory(workflowId[0]).getHistory();
        String stored = imported.toByteString().toString(StandardCharsets.ISO_8859_1);
        // "chunksPerRun" is a field of the job workflow's input: in clear it would be there (search attributes stay
        // in clear: Temporal indexes them; ours are ids)
        assertThat(stored).doesNotContain(marker).doesNotContain("chunksPerRun");

        // an operator's Temporal UI decodes the onboarding's input through the codec endpoint
        String body = "{\"payloads\":[" + JsonFormat.printer().print(input) + "]}";
        String decoded = api.http().post().uri("/codec/decode")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + api.token(null, "ops", "operator"))
                .header(HttpHeaders.ORIGIN, "http://localhost:8233")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8233")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(decoded).contains("anNvbi9wbGFpbg=="); // json/plain, the original encoding
        String data = decoded.replaceAll(".*\"data\":\"([^\"]+)\".*", "$1");
        assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)).contains(marker);

        // anonymous callers and members get nothing
        api.http().post().uri("/codec/decode").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        api.http().post().uri("/codec/decode")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + api.token(UUID.randomUUID(), "bob", "member"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void the_ui_origin_may_call_the_codec_endpoint_from_the_browser_and_no_other_origin_may() throws Exception {
        api.http().options().uri("/codec/decode")
                .header(HttpHeaders.ORIGIN, "http://localhost:8233")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,x-namespace")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8233");
        api.http().options().uri("/codec/decode")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange().expectStatus().isForbidden();
        // other paths answer no CORS at all
        api.http().options().uri("/graphql")
                .header(HttpHeaders.ORIGIN, "http://localhost:8233")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange().expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

        // encode then decode round-trips; a body that is not payloads is refused with a typed error
        String operator = "Bearer " + api.token(null, "ops", "operator");
        String plain = "{\"payloads\":[{\"metadata\":{\"encoding\":\"anNvbi9wbGFpbg==\"},\"data\":\"IkFkYSI=\"}]}";
        String encoded = api.http().post().uri("/codec/encode").header(HttpHeaders.AUTHORIZATION, operator)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(plain).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(encoded).contains("YmluYXJ5L2VuY3J5cHRlZA==").doesNotContain("IkFkYSI=");
        String decoded = api.http().post().uri("/codec/decode").header(HttpHeaders.AUTHORIZATION, operator)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(encoded).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(decoded).contains("IkFkYSI=");
        api.http().post().uri("/codec/decode").header(HttpHeaders.AUTHORIZATION, operator)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"payloads\": 7}").exchange()
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(error -> assertThat(error).contains("MALFORMED_REQUEST"));
    }
}

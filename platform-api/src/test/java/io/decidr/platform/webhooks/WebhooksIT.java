package io.decidr.platform.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.messaging.testing.Receiver;
import io.decidr.messaging.webhooks.Signatures;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Webhooks through GraphQL on the whole application: an admin subscribes a real local receiver; the mutations' events
 * reach it signed through the outbox, the relay and the webhook subscriber; failures are retried, then dead-lettered
 * and replayed; the delivery log, pause, rotation and deletion; roles, tenants and the SSRF guard answer typed errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksIT extends PlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_FIELDS = "id url eventTypes description status createdBy pendingDeliveries deadDeliveries";

    private Api api;
    private UUID tenant;
    private HttpGraphQlTester admin;
    private HttpGraphQlTester member;
    private HttpGraphQlTester operator;
    private HttpGraphQlTester strangerAdmin;
    private Receiver receiver;

    @BeforeAll
    void tenantWithUsers() throws Exception {
        api = new Api(port);
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        tenant = registerTenant(platformAdmin, "Hooked");
        UUID stranger = registerTenant(platformAdmin, "Stranger");
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        operator = api.as(api.token(tenant, "ops", "operator"));
        strangerAdmin = api.as(api.token(stranger, "eve", "admin", "member"));
        receiver = new Receiver();
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void an_admin_subscribes_an_endpoint_and_the_tenants_events_arrive_signed_logged_retried_and_replayed() throws Exception {
        Map<String, Object> created = admin.document("""
                        mutation($u: String!, $t: [String!]!) {
                          createWebhook(url: $u, eventTypes: $t, description: "crm sync") { secret webhook { %s } }
                        }""".formatted(WEBHOOK_FIELDS))
                .variable("u", receiver.url()).variable("t", List.of("entity.*", "collection.created.v1"))
                .execute().path("createWebhook").entity(Map.class).get();
        String secret = (String) created.get("secret");
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = (Map<String, Object>) created.get("webhook");
        String id = (String) webhook.get("id");
        assertThat(secret).startsWith("whsec_");
        assertThat(webhook).containsEntry("status", "ACTIVE").containsEntry("createdBy", "ada")
                .containsEntry("eventTypes", List.of("entity.*", "collection.created.v1"));
        // operators read the list; the secret is nowhere in it
        String listed = operator.document("{ webhooks { %s } }".formatted(WEBHOOK_FIELDS)).execute()
                .path("webhooks[0].id").entity(String.class).get();
        assertThat(listed).isEqualTo(id);

        String collection = admin.document("mutation { createCollection(name: \"Leads\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute();
        String entity = admin.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"Ada\"}]) { id } }")
                .variable("c", collection).execute().path("createEntity.id").entity(String.class).get();
        Api.eventually(() -> receiver.accepted().size() == 2, WAIT, "the collection and the entity are delivered");
        List<String> types = receiver.accepted().stream().map(r -> r.header(Signatures.EVENT_TYPE_HEADER)).toList();
        assertThat(types).containsExactlyInAnyOrder("collection.created.v1", "entity.created.v1");
        for (Receiver.Request request : receiver.accepted()) {
            long timestamp = Long.parseLong(request.header(Signatures.TIMESTAMP_HEADER));
            assertThat(request.header(Signatures.SIGNATURE_HEADER))
                    .isEqualTo("v1=" + Signatures.sign(secret, timestamp, request.body()));
            assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(60);
        }
        JsonNode created1 = JSON.readTree(receiver.accepted().stream()
                .filter(r -> r.header(Signatures.EVENT_TYPE_HEADER).equals("entity.created.v1")).findFirst().orElseThrow()
                .body());
        assertThat(created1.get("aggregateId").asText()).isEqualTo(entity);
        assertThat(created1.get("tenantId").asText()).isEqualTo(tenant.toString());
        assertThat(created1.get("data").get("collectionId").asText()).isEqualTo(collection);

        // the receiver fails: retried, then dead-lettered (3 s here), shown in the log with its answers
        receiver.answer(body -> Receiver.Answer.status(500));
        admin.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Name\", text: \"Ada L.\"}) { version } }")
                .variable("e", entity).execute();
        Api.eventually(() -> deadCount(id) == 1, WAIT, "the failing delivery is dead-lettered");
        Map<String, Object> dead = admin.document("""
                        query($id: ID!) { webhook(id: $id) { deliveries(status: DEAD) { edges { node {
                          id eventId eventType aggregateId status attempts responseCode lastError payload
                          attemptLog { attempt at durationMs responseCode error } } } } } }""")
                .variable("id", id).execute().path("webhook.deliveries.edges[0].node").entity(Map.class).get();
        assertThat(dead).containsEntry("eventType", "entity.value-set.v1").containsEntry("aggregateId", entity)
                .containsEntry("responseCode", 500).containsEntry("lastError", "answered 500");
        assertThat((Integer) dead.get("attempts")).isGreaterThanOrEqualTo(2);
        assertThat((List<?>) dead.get("attemptLog")).hasSize((Integer) dead.get("attempts"));
        assertThat(dead.get("payload").toString()).contains("Ada L.");

        Api.rejected(member.document("mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }")
                .variable("id", dead.get("id")).execute(), "FORBIDDEN");
        Api.rejected(strangerAdmin.document("mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }")
                .variable("id", dead.get("id")).execute(), "NOT_FOUND");
        receiver.answer(body -> Receiver.Answer.ok());
        assertThat(admin.document("mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }")
                .variable("id", dead.get("id")).execute().path("replayWebhookDelivery.status").entity(String.class).get())
                .isEqualTo("PENDING");
        Api.eventually(() -> receiver.accepted().size() == 3, WAIT, "the replay is delivered");
        assertThat(receiver.accepted().getLast().header(Signatures.EVENT_ID_HEADER)).isEqualTo(dead.get("eventId"));

        // the log pages newest first
        Map<String, Object> first = admin.document("""
                        query($id: ID!) { webhook(id: $id) { deliveries(first: 2) {
                          edges { cursor node { eventType status responseCode } } pageInfo { hasNextPage endCursor } } } }""")
                .variable("id", id).execute().path("webhook.deliveries").entity(Map.class).get();
        assertThat(first.get("pageInfo").toString()).contains("hasNextPage=true");
        String cursor = (String) ((Map<?, ?>) first.get("pageInfo")).get("endCursor");
        List<String> rest = admin.document("""
                        query($id: ID!, $a: String) { webhook(id: $id) { deliveries(first: 5, after: $a) { edges { node { eventType status } } } } }""")
                .variable("id", id).variable("a", cursor).execute()
                .path("webhook.deliveries.edges[*].node.eventType").entityList(String.class).get();
        assertThat(rest).containsExactly("collection.created.v1");

        // pause holds, rotation answers a new secret once, delete ends it
        assertThat(admin.document("mutation($id: ID!) { pauseWebhook(id: $id) { status } }").variable("id", id)
                .execute().path("pauseWebhook.status").entity(String.class).get()).isEqualTo("PAUSED");
        assertThat(admin.document("mutation($id: ID!) { resumeWebhook(id: $id) { status } }").variable("id", id)
                .execute().path("resumeWebhook.status").entity(String.class).get()).isEqualTo("ACTIVE");
        String rotated = admin.document("mutation($id: ID!) { rotateWebhookSecret(id: $id, keepPreviousSeconds: 0) { secret webhook { previousSecretUntil } } }")
                .variable("id", id).execute().path("rotateWebhookSecret.secret").entity(String.class).get();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        Api.rejected(strangerAdmin.document("query($id: ID!) { webhook(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
        Api.rejected(member.document("mutation($id: ID!) { deleteWebhook(id: $id) }").variable("id", id).execute(),
                "FORBIDDEN");
        assertThat(admin.document("mutation($id: ID!) { deleteWebhook(id: $id) }").variable("id", id).execute()
                .path("deleteWebhook").entity(Boolean.class).get()).isTrue();
        Api.rejected(admin.document("query($id: ID!) { webhook(id: $id) { id } }").variable("id", id).execute(),
                "NOT_FOUND");
    }

    @Test
    void endpoints_inside_the_platform_or_its_network_and_unknown_types_are_refused_with_the_field() {
        String createWebhook = "mutation($u: String!, $t: [String!]!) { createWebhook(url: $u, eventTypes: $t) { secret } }";
        for (String url : List.of("http://127.0.0.1:" + port + "/graphql", "http://localhost:" + port + "/dev/token",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hooks", "http://[::ffff:192.168.1.1]/",
                "file:///etc/passwd", "https://user:pw@example.com/", "not a url")) {
            ResponseError error = Api.rejected(admin.document(createWebhook).variable("u", url)
                    .variable("t", List.of("*")).execute(), "VALIDATION_FAILED");
            assertThat(error.getExtensions()).as(url).containsEntry("field", "url");
        }
        ResponseError unknown = Api.rejected(admin.document(createWebhook).variable("u", receiver.url())
                .variable("t", List.of("entity.exploded.v1")).execute(), "VALIDATION_FAILED");
        assertThat(unknown.getExtensions()).containsEntry("field", "eventTypes");
        Api.rejected(member.document(createWebhook).variable("u", receiver.url()).variable("t", List.of("*"))
                .execute(), "FORBIDDEN");
        Api.rejected(api.as(api.token(tenant, "x", "member")).document("{ webhooks { id } }").execute(), "FORBIDDEN");
        Api.rejected(admin.document("query { webhook(id: \"nope\") { id } }").execute(), "VALIDATION_FAILED");
        // a tenant never registered has none; a suspended one makes none
        Api.rejected(api.as(api.token(UUID.randomUUID(), "ghost", "admin")).document(createWebhook)
                .variable("u", receiver.url()).variable("t", List.of("*")).execute(), "NOT_FOUND");
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID suspended = registerTenant(platformAdmin, "Suspended");
        platformAdmin.document("mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"unpaid\", consistency: STRONG) { version } }")
                .variable("t", suspended.toString()).execute().path("suspendTenant.version").entity(Integer.class).get();
        Api.rejected(api.as(api.token(suspended, "sue", "admin")).document(createWebhook)
                .variable("u", receiver.url()).variable("t", List.of("*")).execute(), "TENANT_SUSPENDED");
        Api.rejected(admin.document("mutation { replayWebhookDelivery(id: \"-3\") { id } }").execute(),
                "VALIDATION_FAILED");
    }

    private long deadCount(String id) {
        return admin.document("query($id: ID!) { webhook(id: $id) { deadDeliveries } }").variable("id", id).execute()
                .path("webhook.deadDeliveries").entity(Long.class).get();
    }

    private static UUID registerTenant(HttpGraphQlTester platformAdmin, String name) {
        return UUID.fromString(platformAdmin.document("mutation($n: String!) { registerTenant(name: $n) { id } }")
                .variable("n", name).execute().path("registerTenant.id").entity(String.class).get());
    }
}

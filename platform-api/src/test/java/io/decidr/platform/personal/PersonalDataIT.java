package io.decidr.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.messaging.testing.Receiver;
import io.decidr.messaging.webhooks.Signatures;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.decidr.projections.runtime.Projection;
import io.temporal.client.WorkflowClient;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Personal attributes and comment bodies end to end through GraphQL: in clear for readers until erased, then erased in
 * every view (entity, history, asOf, comments, the raw audit trail), nowhere in storage in clear (events, snapshots,
 * outbox, every read-model table, a replay into a fresh generation), and the audit trail still saying who erased
 * what, when and why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonalDataIT extends PlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    CqlSession session;
    @Autowired
    PostgresEventStore store;
    @Autowired
    PersonalKeys keys;
    @Autowired
    WorkflowClient temporal;
    @Autowired
    ProjectorRole projectors;

    UUID tenant;
    HttpGraphQlTester root;
    HttpGraphQlTester admin;
    HttpGraphQlTester member;
    String people;

    @BeforeAll
    void tenantWithPeople() {
        Api api = new Api(port);
        root = api.as(api.token(null, "root", "platform-admin"));
        tenant = UUID.fromString(root.document("mutation { registerTenant(name: \"Personal\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get());
        // a context started just now may wait for a closed one's projector leases: the tests below read their writes
        Api.eventually(() -> {
            GraphQlTester.Response projectors = root.document("{ projectors { running eventsBehind } }").execute();
            return projectors.path("projectors[*].running").entityList(Boolean.class).get().stream()
                    .allMatch(Boolean::booleanValue)
                    && projectors.path("projectors[*].eventsBehind").entityList(Integer.class).get().stream()
                    .allMatch(behind -> behind == 0);
        }, Duration.ofSeconds(60), "the projectors to run here and catch up");
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        people = admin.document("mutation { createCollection(name: \"People\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        define(Map.of("name", "Email", "type", "TEXT", "personal", true));
        define(Map.of("name", "Score", "type", "NUMBER"));
    }

    @Test
    void attributes_say_whether_they_are_personal_and_links_cannot_be() {
        admin.document("query { collections { name attributes { name personal } } }").execute()
                .path("collections[?(@.name == 'People')].attributes[*].personal").entityList(Boolean.class)
                .containsExactly(true, false);
        admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i) { attributeId } }")
                .variable("i", Map.of("collectionId", people, "name", "Friend", "type", "LINK", "personal", true,
                        "targetCollectionId", people, "backlinkName", "Friend of"))
                .execute().errors().expect(error -> "VALIDATION_FAILED".equals(error.getExtensions().get("code")))
                .verify();
    }

    @Test
    void an_erased_entity_shows_its_personal_values_as_erased_in_every_view_and_nowhere_in_clear() throws Exception {
        String first = "ada-" + UUID.randomUUID() + "@example.org";
        String second = "lovelace-" + UUID.randomUUID() + "@example.org";
        String phone = "call me on 0" + Math.abs(UUID.randomUUID().getLeastSignificantBits());
        String entity = admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e},
                  {attribute: "Score", number: "7.50"}], consistency: STRONG) { id } }""")
                .variable("c", people).variable("e", first).execute().path("createEntity.id").entity(String.class).get();
        member.document("""
                mutation($x: ID!, $e: String!) { setValue(entityId: $x, value: {attribute: "Email", text: $e},
                  consistency: STRONG) { version } }""").variable("x", entity).variable("e", second).execute();
        String comment = member.document("""
                mutation($x: ID!, $b: String!) { addComment(entityId: $x, body: $b, consistency: STRONG) { id } }""")
                .variable("x", entity).variable("b", phone).execute().path("addComment.id").entity(String.class).get();
        // an entity beside it, whose values the erasure must not touch
        String other = "other-" + UUID.randomUUID() + "@example.org";
        String bystander = admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                  consistency: STRONG) { id } }""")
                .variable("c", people).variable("e", other).execute().path("createEntity.id").entity(String.class).get();

        GraphQlTester.Response before = view(entity);
        assertThat(present(before, "entity.values[*].text")).containsExactly(second);
        before.path("entity.comments.nodes[0].body").entity(String.class).isEqualTo(phone);
        // the subject's export holds everything, every past value included; only admins may ask
        assertThat(export(entity)).contains(first, second, phone, "entity.value-set", "comment.added", "kind=number");
        member.document("query($x: ID!) { exportSubject(entityId: $x) }").variable("x", entity).execute().errors()
                .expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();

        member.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"not mine\") { version } }")
                .variable("x", entity).execute().errors()
                .expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();
        admin.document("""
                mutation($x: ID!) { eraseEntity(entityId: $x, reason: "asked to be forgotten (ticket 42)",
                  consistency: STRONG) { version } }""").variable("x", entity).execute()
                .path("eraseEntity.version").entity(Integer.class).isEqualTo(3);
        admin.document("""
                mutation($c: ID!) { eraseComment(commentId: $c, reason: "asked to be forgotten (ticket 42)",
                  consistency: STRONG) { version } }""").variable("c", comment).execute();
        // repeating changes nothing
        admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"again\") { version } }")
                .variable("x", entity).execute().path("eraseEntity.version").entity(Integer.class).isEqualTo(3);

        GraphQlTester.Response after = view(entity);
        String answer = after.path("entity").entity(Object.class).get().toString();
        assertThat(answer).doesNotContain(first, second, phone);
        assertThat(present(after, "entity.values[*].text")).isEmpty();
        assertThat(present(after, "entity.values[*].number")).containsExactly("7.50");
        assertThat(after.path("entity.values[*].erased").entityList(Boolean.class).get()).containsExactlyInAnyOrder(true, false);
        assertThat(after.path("entity.asOf.values[*].erased").entityList(Boolean.class).get())
                .containsExactlyInAnyOrder(true, false);
        after.path("entity.comments.nodes[0].erased").entity(Boolean.class).isEqualTo(true)
                .path("entity.comments.nodes[0].body").valueIsNull()
                .path("entity.history.nodes[0].type").entity(String.class).isEqualTo("entity.erased")
                .path("entity.history.nodes[0].actor").entity(String.class).isEqualTo("ada")
                .path("entity.history.nodes[0].detail").entity(String.class).isEqualTo("asked to be forgotten (ticket 42)")
                .path("entity.history.nodes[1].value.erased").entity(Boolean.class).isEqualTo(true)
                .path("entity.history.nodes[1].previous.erased").entity(Boolean.class).isEqualTo(true);
        // the raw audit trail: that values existed and were erased, by whom and why; not what they were
        String trail = admin.document("""
                query($x: ID!, $c: ID!) { e: history(kind: ENTITY, id: $x) { events { type data actor } }
                  c: history(kind: COMMENT, id: $c) { events { type data actor } } }""")
                .variable("x", entity).variable("c", comment).execute().path("").entity(Object.class).get().toString();
        assertThat(trail).doesNotContain(first, second, phone)
                .contains("entity.value-set", "entity.erased", "comment.erased", "asked to be forgotten (ticket 42)",
                        "kind=erased");

        assertThat(present(view(bystander), "entity.values[*].text")).containsExactly(other);
        assertThat(export(entity)).doesNotContain(first, second, phone)
                .contains("entity.erased", "comment.erased", "asked to be forgotten (ticket 42)", "erased=true", "kind=number");
        admin.document("query { exportSubject(entityId: \"" + UUID.randomUUID() + "\") }").execute().errors()
                .expect(error -> "NOT_FOUND".equals(error.getExtensions().get("code"))).verify();

        List<String> secrets = List.of(first, second, phone);
        assertThat(postgresText()).as("events, snapshots, outbox").doesNotContain(secrets).doesNotContain(other)
                .contains("7.50", "\"personal\"");
        assertThat(cassandraText()).as("every read-model table").doesNotContain(secrets).contains(other);
        assertThat(replayed(UUID.fromString(entity))).as("a replay into a fresh generation").doesNotContain(secrets)
                .contains("{\"kind\":\"erased\"}", "7.50");
    }

    /**
     * A log begun before the platform sealed anything holds comment bodies in clear: once such a comment is erased,
     * its history and the export show its body as erased too (the bytes stay in the log, which is never changed), and
     * no read model holds it; before the erasure all of them show it.
     */
    @Test
    void a_comment_written_in_clear_before_sealing_shows_as_erased_once_erased() throws Exception {
        String entity = admin.document("""
                mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: "Score", number: "3"}],
                  consistency: STRONG) { id } }""")
                .variable("c", people).execute().path("createEntity.id").entity(String.class).get();
        UUID comment = UUID.randomUUID();
        String body = "written before sealing " + UUID.randomUUID();
        io.decidr.domain.comment.CommentAdded added = new io.decidr.domain.comment.CommentAdded(
                new io.decidr.domain.comment.CommentId(comment),
                new io.decidr.domain.entity.EntityId(UUID.fromString(entity)), new io.decidr.domain.access.UserId("bob"),
                body);
        // as the platform wrote it before it sealed bodies: the event's own JSON, the body in it
        io.decidr.eventstore.NewEvent shape = io.decidr.eventstore.aggregates.Aggregates.COMMENT.events()
                .encode(UUID.randomUUID(), new io.decidr.domain.comment.CommentAdded(added.id(), added.entity(),
                        added.author(), null));
        String clear = io.decidr.eventstore.aggregates.Aggregates.JSON.writeValueAsString(added);
        store.append(new io.decidr.eventstore.AppendRequest("before-sealing", tenant,
                io.decidr.eventstore.aggregates.Aggregates.COMMENT.stream(tenant, comment), 0,
                List.of(new io.decidr.eventstore.NewEvent(shape.eventId(), shape.type(), shape.schemaVersion(), clear)),
                io.decidr.eventstore.EventMetadata.direct(UUID.randomUUID(), "bob"))).block(WAIT);
        assertThat(postgresText()).as("the log holds it in clear").contains(body);
        Api.eventually(() -> body.equals(view(entity).path("entity.comments.nodes[0].body").entity(String.class).get()),
                WAIT, "the comment in the read model");
        assertThat(commentHistory(comment)).contains(body);
        assertThat(export(entity)).contains(body);

        admin.document("""
                mutation($c: ID!) { eraseComment(commentId: $c, reason: "asked to be forgotten (ticket 43)",
                  consistency: STRONG) { version } }""").variable("c", comment.toString()).execute()
                .path("eraseComment.version").entity(Integer.class).isEqualTo(2);
        assertThat(commentHistory(comment)).as("its history").doesNotContain(body).contains("comment.erased");
        // a page that does not reach the erasure masks it too
        admin.document("query($c: ID!) { history(kind: COMMENT, id: $c, first: 1) { events { type data } } }")
                .variable("c", comment.toString()).execute()
                .path("history.events[0].data.body").valueIsNull();
        assertThat(export(entity)).as("the export").doesNotContain(body).contains("comment.erased");
        Api.eventually(() -> !cassandraText().contains(body), WAIT, "the read models to drop the body");
        view(entity).path("entity.comments.nodes[0].erased").entity(Boolean.class).isEqualTo(true);
        assertThat(postgresText()).as("the log is never changed").contains(body);
    }

    private String commentHistory(UUID comment) {
        return admin.document("query($c: ID!) { history(kind: COMMENT, id: $c) { events { type data } } }")
                .variable("c", comment.toString()).execute().path("history.events").entity(Object.class).get().toString();
    }

    private String export(String entity) {
        return admin.document("query($x: ID!) { exportSubject(entityId: $x) }").variable("x", entity).execute()
                .path("exportSubject").entity(Object.class).get().toString();
    }

    /** The non-null values at the path. */
    private static List<String> present(GraphQlTester.Response response, String path) {
        return response.path(path).entityList(String.class).get().stream().filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void erasing_while_the_entities_read_model_is_rebuilt_leaves_it_erased_in_the_new_generation() throws Exception {
        String email = "rebuilt-" + UUID.randomUUID() + "@example.org";
        String phone = "call me on 0" + Math.abs(UUID.randomUUID().getLeastSignificantBits());
        String entity = admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e},
                  {attribute: "Score", number: "3"}], consistency: STRONG) { id } }""")
                .variable("c", people).variable("e", email).execute().path("createEntity.id").entity(String.class).get();
        String comment = member.document("""
                mutation($x: ID!, $b: String!) { addComment(entityId: $x, body: $b, consistency: STRONG) { id } }""")
                .variable("x", entity).variable("b", phone).execute().path("addComment.id").entity(String.class).get();
        int from = projectors.named("entities").orElseThrow().generation();

        root.document("mutation { rebuildProjector(projector: \"entities\") { generation state } }").execute()
                .path("rebuildProjector.generation").entity(Integer.class).isEqualTo(from + 1)
                .path("rebuildProjector.state").entity(String.class).isEqualTo("BUILDING");
        // erased as the rebuild starts: in the suite's log, while the new generation replays it and the old one serves
        admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"during a rebuild\") { version } }")
                .variable("x", entity).execute().path("eraseEntity.version").hasValue();
        admin.document("mutation($c: ID!) { eraseComment(commentId: $c, reason: \"during a rebuild\") { version } }")
                .variable("c", comment).execute().path("eraseComment.version").hasValue();

        Api.eventually(() -> projectors.named("entities").orElseThrow().generation() == from + 1, Duration.ofMinutes(3),
                "the rebuilt generation to take over");
        Api.eventually(() -> Boolean.TRUE.equals(view(entity).path("entity.comments.nodes[0].erased").entity(Boolean.class)
                .get()), WAIT, "the erasure to be projected in the new generation");
        GraphQlTester.Response after = view(entity);
        assertThat(after.path("entity").entity(Object.class).get().toString()).doesNotContain(email, phone);
        assertThat(after.path("entity.values[*].erased").entityList(Boolean.class).get())
                .containsExactlyInAnyOrder(true, false);
        assertThat(present(after, "entity.values[*].number")).containsExactly("3");
        // the retired generation stopped following the log at the switch: it is emptied (after a grace), so nothing it
        // copied outlives the erasure there
        Api.eventually(() -> !cassandraText().contains(email) && !cassandraText().contains(phone), WAIT,
                "no table of any generation to hold the erased values");
    }

    @Test
    void an_erasure_cut_short_before_its_key_was_deleted_is_completed_from_the_outbox() throws Exception {
        String email = "cut-" + UUID.randomUUID() + "@example.org";
        String entity = admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                  consistency: STRONG) { id } }""")
                .variable("c", people).variable("e", email).execute().path("createEntity.id").entity(String.class).get();
        keyStore("subject_key", "subject_key_away");
        try {
            // the erasure event commits (the entity's state is at hand in this process); deleting the key fails
            admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"cut short\") { version } }")
                    .variable("x", entity).execute().errors()
                    .expect(error -> "UNAVAILABLE".equals(error.getExtensions().get("code"))).verify();
        } finally {
            keyStore("subject_key_away", "subject_key");
        }
        // nobody repeats the command: the outbox's entity.erased.v1 reaches the follow-up, which deletes the key
        Api.eventually(() -> keyErased(UUID.fromString(entity)), WAIT, "the follow-up to delete the subject's key");
        String trail = admin.document("query($x: ID!) { history(kind: ENTITY, id: $x) { events { type data } } }")
                .variable("x", entity).execute().path("history.events").entity(Object.class).get().toString();
        assertThat(trail).contains("entity.erased", "kind=erased").doesNotContain(email);
    }

    /** Whether the subject's key row says erased (and holds no key). */
    private static boolean keyErased(UUID subject) {
        try (var jdbc = database().jdbc(); var statement = jdbc.prepareStatement(
                "SELECT wrapped IS NULL AND erased_at IS NOT NULL FROM subject_key WHERE subject_id = ?")) {
            statement.setObject(1, subject);
            ResultSet row = statement.executeQuery();
            return row.next() && row.getBoolean(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void webhooks_carry_personal_values_only_while_the_tenant_shares_them_and_never_once_erased() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String webhook = admin.document("""
                    mutation($u: String!) { createWebhook(url: $u, eventTypes: ["entity.*"]) { webhook { id } } }""")
                    .variable("u", receiver.url()).execute().path("createWebhook.webhook.id").entity(String.class).get();
            try {
                String first = "hook-" + UUID.randomUUID() + "@example.org";
                String entity = admin.document("""
                        mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [
                          {attribute: "Email", text: $e}, {attribute: "Score", number: "5"}], consistency: STRONG) { id } }""")
                        .variable("c", people).variable("e", first).execute().path("createEntity.id").entity(String.class)
                        .get();
                // not shared (the default): that a personal value was set, not what it is
                String created = delivered(receiver, entity, "entity.created.v1", 1).getFirst();
                assertThat(created).doesNotContain(first).contains("\"kind\":\"personal\"", "\"5\"");

                admin.document("mutation { sharePersonalValues(shared: true, consistency: STRONG) { version } }").execute()
                        .path("sharePersonalValues.version").hasValue();
                admin.document("{ tenant { sharesPersonalValues } }").execute()
                        .path("tenant.sharesPersonalValues").entity(Boolean.class).isEqualTo(true);
                String second = "shared-" + UUID.randomUUID() + "@example.org";
                set(entity, Map.of("attribute", "Email", "text", second));
                assertThat(delivered(receiver, entity, "entity.value-set.v1", 1).getFirst())
                        .contains(second, "\"personal\":true");

                // queued (the endpoint paused) when the subject is erased: what goes out then holds no value
                admin.document("mutation($w: ID!) { pauseWebhook(id: $w) { status } }").variable("w", webhook).execute()
                        .path("pauseWebhook.status").entity(String.class).isEqualTo("PAUSED");
                String third = "queued-" + UUID.randomUUID() + "@example.org";
                set(entity, Map.of("attribute", "Email", "text", third));
                Api.eventually(() -> deliveryLog(webhook).contains(third), WAIT,
                        "the value's delivery to be queued (the log shows it as it would go: shared)");
                admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"queued hooks\", consistency: STRONG)"
                        + " { version } }").variable("x", entity).execute().path("eraseEntity.version").hasValue();
                assertThat(deliveryLog(webhook)).as("the delivery log shows bodies as they would go now")
                        .doesNotContain(third, second);
                admin.document("mutation($w: ID!) { resumeWebhook(id: $w) { status } }").variable("w", webhook).execute()
                        .path("resumeWebhook.status").entity(String.class).isEqualTo("ACTIVE");
                List<String> sets = delivered(receiver, entity, "entity.value-set.v1", 2);
                assertThat(sets.get(1)).doesNotContain(third).contains("\"kind\":\"erased\"");
                assertThat(delivered(receiver, entity, "entity.erased.v1", 1)).hasSize(1);

                // sharing stopped: withheld again
                admin.document("mutation { sharePersonalValues(shared: false, consistency: STRONG) { version } }").execute()
                        .path("sharePersonalValues.version").hasValue();
                String fourth = "withheld-" + UUID.randomUUID() + "@example.org";
                String other = admin.document("""
                        mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                          consistency: STRONG) { id } }""")
                        .variable("c", people).variable("e", fourth).execute().path("createEntity.id").entity(String.class)
                        .get();
                assertThat(delivered(receiver, other, "entity.created.v1", 1).getFirst()).doesNotContain(fourth)
                        .contains("\"kind\":\"personal\"");
                assertThat(postgresText()).as("events, snapshots, outbox").doesNotContain(first, second, third, fourth);
            } finally {
                admin.document("mutation($w: ID!) { deleteWebhook(id: $w) }").variable("w", webhook).execute();
            }
        }
    }

    private String deliveryLog(String webhook) {
        return admin.document("query($w: ID!) { webhook(id: $w) { deliveries(first: 50) { edges { node { payload } } } } }")
                .variable("w", webhook).execute().path("webhook").entity(Object.class).get().toString();
    }

    /** The bodies of the entity's accepted deliveries of one type, oldest first, once there are {@code count}. */
    private static List<String> delivered(Receiver receiver, String entity, String type, int count) {
        Api.eventually(() -> accepted(receiver, entity, type).size() >= count, WAIT,
                count + " " + type + " of " + entity + " to be delivered");
        return accepted(receiver, entity, type);
    }

    private static List<String> accepted(Receiver receiver, String entity, String type) {
        return receiver.accepted().stream()
                .filter(r -> type.equals(r.header(Signatures.EVENT_TYPE_HEADER)) && r.body().contains(entity))
                .map(Receiver.Request::body).toList();
    }

    @Test
    void a_suspended_tenants_admins_still_erase_and_nothing_else_is_written() {
        Api api = new Api(port);
        UUID suspended = UUID.fromString(root.document("mutation { registerTenant(name: \"Suspended\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester its = api.as(api.token(suspended, "sue", "admin", "member"));
        String collection = its.document("mutation { createCollection(name: \"People\", consistency: STRONG) { id } }")
                .execute().path("createCollection.id").entity(String.class).get();
        its.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Email\", type: TEXT,"
                + " personal: true}, consistency: STRONG) { attributeId } }").variable("c", collection).execute()
                .path("defineAttribute.attributeId").hasValue();
        String email = "suspended-" + UUID.randomUUID() + "@example.org";
        String entity = its.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                  consistency: STRONG) { id } }""")
                .variable("c", collection).variable("e", email).execute().path("createEntity.id").entity(String.class)
                .get();
        root.document("mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"unpaid\") { version } }")
                .variable("t", suspended.toString()).execute().path("suspendTenant.version").hasValue();

        its.document("mutation($x: ID!) { setValue(entityId: $x, value: {attribute: \"Email\", text: \"x@example.org\"})"
                + " { version } }").variable("x", entity).execute().errors()
                .expect(error -> "TENANT_SUSPENDED".equals(error.getExtensions().get("code"))).verify();
        its.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"asked while suspended\", consistency: STRONG)"
                + " { version } }").variable("x", entity).execute().path("eraseEntity.version").entity(Integer.class)
                .isEqualTo(2);
        assertThat(keyErased(UUID.fromString(entity))).isTrue();
        assertThat(its.document("query($x: ID!) { entity(id: $x) { values { text erased } } }").variable("x", entity)
                .execute().path("entity").entity(Object.class).get().toString()).doesNotContain(email).contains("erased=true");
    }

    @Test
    void while_the_key_store_is_out_of_reach_personal_values_answer_unavailable_and_nothing_is_lost() throws Exception {
        String email = "grace-" + UUID.randomUUID() + "@example.org";
        String entity = admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e},
                  {attribute: "Score", number: "1"}], consistency: STRONG) { id } }""")
                .variable("c", people).variable("e", email).execute().path("createEntity.id").entity(String.class).get();
        String plain = admin.document("""
                mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: "Score", number: "1"}],
                  consistency: STRONG) { id } }""")
                .variable("c", people).execute().path("createEntity.id").entity(String.class).get();
        keyStore("subject_key", "subject_key_away");
        try {
            // the audit trail lists every event; only the personal values are unavailable, with an error saying so
            GraphQlTester.Response trail = admin.document("query($x: ID!) { history(kind: ENTITY, id: $x) { events { type data } } }")
                    .variable("x", entity).execute();
            trail.errors().expect(error -> "UNAVAILABLE".equals(error.getExtensions().get("code"))).verify()
                    .path("history.events[0].type").entity(String.class).isEqualTo("entity.created");
            assertThat(trail.path("history.events[0].data").entity(Object.class).get().toString())
                    .contains("kind=unavailable").doesNotContain(email);
            admin.document("query($x: ID!) { entity(id: $x) { asOf(version: 1) { version } } }").variable("x", entity)
                    .execute().errors().expect(error -> "UNAVAILABLE".equals(error.getExtensions().get("code"))).verify();
            // read models need no key: the entity reads as it is
            assertThat(present(admin.document("query($x: ID!) { entity(id: $x) { values { text } } }")
                    .variable("x", entity).execute(), "entity.values[*].text")).containsExactly(email);
            // a personal value cannot be written (nor anything to an entity whose state must be read with its key),
            // entities without personal values are written as ever
            member.document("""
                    mutation($x: ID!) { setValue(entityId: $x, value: {attribute: "Email", text: "new@example.org"}) { version } }""")
                    .variable("x", entity).execute().errors()
                    .expect(error -> "UNAVAILABLE".equals(error.getExtensions().get("code"))).verify();
            member.document("""
                    mutation($x: ID!) { setValue(entityId: $x, value: {attribute: "Score", number: "2"}) { version } }""")
                    .variable("x", plain).execute().path("setValue.version").entity(Integer.class).isEqualTo(2);
            // a new entity with a personal value neither (its key is stored with its first event), nor anything of it
            String unwritten = "ada-" + UUID.randomUUID() + "@example.org";
            long created = createdEntities();
            admin.document("""
                    mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e},
                      {attribute: "Score", number: "3"}]) { id } }""")
                    .variable("c", people).variable("e", unwritten).execute().errors()
                    .expect(error -> "UNAVAILABLE".equals(error.getExtensions().get("code"))).verify();
            assertThat(createdEntities()).isEqualTo(created);
        } finally {
            keyStore("subject_key_away", "subject_key");
        }
        admin.document("query($x: ID!) { history(kind: ENTITY, id: $x) { events { data } } }").variable("x", entity)
                .execute().path("history.events[0].data").entity(Object.class)
                .satisfies(data -> assertThat(data.toString()).contains(email));
        member.document("""
                mutation($x: ID!) { setValue(entityId: $x, value: {attribute: "Email", text: "new@example.org"}) { version } }""")
                .variable("x", entity).execute().path("setValue.version").entity(Integer.class).isEqualTo(2);
    }

    @Test
    void erasing_during_a_formula_job_and_during_the_archive_saga_leaves_nothing_of_the_subject() throws Exception {
        String contacts = admin.document("mutation { createCollection(name: \"Contacts\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        for (String name : List.of("Email", "Handle")) {
            admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i, consistency: STRONG) { attributeId } }")
                    .variable("i", Map.of("collectionId", contacts, "name", name, "type", "TEXT", "personal", true))
                    .execute().path("defineAttribute.attributeId").hasValue();
        }
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            emails.add("c" + i + "-" + UUID.randomUUID() + "@example.org");
            ids.add(admin.document("""
                    mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                      consistency: STRONG) { id } }""")
                    .variable("c", contacts).variable("e", emails.getLast()).execute()
                    .path("createEntity.id").entity(String.class).get());
        }
        String job = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: FORMULA, collectionId: $c, params: $p) }")
                .variable("c", contacts).variable("p", Map.of("expression", "Email + '!'", "target", "Handle"))
                .execute().path("startComputeJob").entity(String.class).get();
        Api.eventually(() -> !"REQUESTED".equals(jobStatus(job)[0]), WAIT, "the job to start");
        int victim = 75;
        admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"during a job\", consistency: STRONG) { version } }")
                .variable("x", ids.get(victim)).execute().path("eraseEntity.version").hasValue();
        String[] finished = new String[2];
        Api.eventually(() -> {
            String[] status = jobStatus(job);
            finished[0] = status[0];
            finished[1] = status[1];
            return List.of("COMPLETED", "FAILED", "COMPENSATED").contains(status[0]);
        }, Duration.ofSeconds(90), "the job to finish");
        assertThat(finished[0]).isEqualTo("COMPLETED");
        assertThat(present(view(ids.get(victim)), "entity.values[*].text")).isEmpty();
        Api.eventually(() -> present(view(ids.getFirst()), "entity.values[*].text").contains(emails.getFirst() + "!"),
                WAIT, "the job's value to be read");

        // the archive saga over the collection while another entity is erased: both done, neither undone
        int second = 10;
        admin.document("mutation($c: ID!) { archiveCollection(collectionId: $c) { version } }").variable("c", contacts)
                .execute().path("archiveCollection.version").hasValue();
        admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"during the saga\", consistency: STRONG) { version } }")
                .variable("x", ids.get(second)).execute().path("eraseEntity.version").hasValue();
        Api.eventually(() -> Boolean.TRUE.equals(admin.document("query($x: ID!) { entity(id: $x) { archived } }")
                        .variable("x", ids.get(second)).execute().path("entity.archived").entity(Boolean.class).get()),
                Duration.ofSeconds(90), "the saga to archive the erased entity");
        assertThat(present(view(ids.get(second)), "entity.values[*].text")).isEmpty();

        List<String> secrets = List.of(emails.get(victim), emails.get(victim) + "!", emails.get(second),
                emails.get(second) + "!");
        assertThat(postgresText()).doesNotContain(secrets);
        assertThat(cassandraText()).doesNotContain(secrets).contains(emails.getFirst() + "!");
        String history = temporal.fetchHistory(finished[1]).getHistory().toByteString()
                .toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(history).as("the job's Temporal history").doesNotContain(secrets).doesNotContain(emails.getFirst());
    }

    @Test
    void an_imports_rows_are_not_kept_once_it_ended() throws Exception {
        List<String> emails = List.of("imp1-" + UUID.randomUUID() + "@example.org", "imp2-" + UUID.randomUUID() + "@example.org");
        String rows = "[{\"Email\": \"" + emails.get(0) + "\", \"Score\": 1}, {\"Email\": \"" + emails.get(1)
                + "\", \"Score\": 2}]";
        String job = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", people).variable("p", Map.of("format", "JSON", "data", rows, "onError", "FAIL"))
                .execute().path("startComputeJob").entity(String.class).get();
        Api.eventually(() -> "COMPLETED".equals(jobStatus(job)[0]), Duration.ofSeconds(60), "the import to complete");
        // the rows live on in the entities (sealed with their keys); the job's request held them sealed with the
        // job's key, which is erased once the import ended
        assertThat(postgresText()).doesNotContain(emails);
        Api.eventually(() -> {
            try (var jdbc = database().jdbc(); var statement = jdbc.prepareStatement(
                    "SELECT erased_by FROM subject_key WHERE subject_id = ? AND wrapped IS NULL")) {
                statement.setObject(1, UUID.fromString(job));
                ResultSet row = statement.executeQuery();
                return row.next() && "decidr-jobs".equals(row.getString(1));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, WAIT, "the import's parameters to be erased");
        assertThat(cassandraText()).contains(emails);
    }

    /**
     * Random histories (fixed seeds, bounded): entities with personal and other values set, changed and cleared, linked,
     * commented and re-commented; then one subject erased with its comments. No byte of any value it was ever given
     * as personal is left in PostgreSQL, any read-model table, any answer about it, or a replay; every other value of
     * every entity reads as it was written; the replay equals the serving read model.
     */
    @Test
    void random_histories_then_an_erasure_leave_nothing_of_the_subject_and_everything_else() throws Exception {
        for (long seed : List.of(11L, 23L, 47L)) {
            randomHistoryThenErasure(new java.util.Random(seed));
        }
    }

    private void randomHistoryThenErasure(java.util.Random random) throws Exception {
        String collection = admin.document("mutation($n: String!) { createCollection(name: $n) { id } }")
                .variable("n", "Random " + UUID.randomUUID()).execute().path("createCollection.id").entity(String.class).get();
        for (Map<String, Object> attribute : List.of(
                Map.<String, Object>of("name", "Mail", "type", "TEXT", "personal", true),
                Map.<String, Object>of("name", "Age", "type", "NUMBER", "personal", true),
                Map.<String, Object>of("name", "Note", "type", "TEXT"),
                Map.<String, Object>of("name", "Knows", "type", "LINK", "targetCollectionId", collection,
                        "backlinkName", "Known by"))) {
            Map<String, Object> input = new java.util.HashMap<>(attribute);
            input.put("collectionId", collection);
            admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i, consistency: STRONG) { attributeId } }")
                    .variable("i", input).execute().path("defineAttribute.attributeId").hasValue();
        }
        int count = 4;
        List<String> entities = new ArrayList<>();
        Map<String, List<String>> personal = new java.util.HashMap<>();
        Map<String, String> notes = new java.util.HashMap<>();
        Map<String, List<String>> comments = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            String mail = token(random) + "@example.org";
            String entity = admin.document("""
                    mutation($c: ID!, $m: String!) { createEntity(collectionId: $c, values: [{attribute: "Mail", text: $m}]) { id } }""")
                    .variable("c", collection).variable("m", mail).execute().path("createEntity.id").entity(String.class).get();
            entities.add(entity);
            personal.computeIfAbsent(entity, e -> new ArrayList<>()).add(mail);
            comments.put(entity, new ArrayList<>());
        }
        for (int step = 0; step < 30; step++) {
            String entity = entities.get(random.nextInt(count));
            switch (random.nextInt(6)) {
                case 0 -> {
                    String mail = token(random) + "@example.org";
                    personal.get(entity).add(mail);
                    set(entity, Map.of("attribute", "Mail", "text", mail));
                }
                case 1 -> {
                    // digits that appear nowhere else: a number's bytes are searched for too
                    String age = "7" + (100_000_000 + random.nextInt(800_000_000)) + ".25";
                    personal.get(entity).add(age);
                    set(entity, Map.of("attribute", "Age", "number", age));
                }
                case 2 -> {
                    String note = "note " + token(random);
                    notes.put(entity, note);
                    set(entity, Map.of("attribute", "Note", "text", note));
                }
                case 3 -> admin.document("mutation($x: ID!) { clearValue(entityId: $x, attribute: \"Mail\") { version } }")
                        .variable("x", entity).execute().path("clearValue.version").hasValue();
                case 4 -> {
                    String body = "comment " + token(random);
                    personal.get(entity).add(body);
                    comments.get(entity).add(admin.document("mutation($x: ID!, $b: String!) { addComment(entityId: $x, body: $b) { id } }")
                            .variable("x", entity).variable("b", body).execute().path("addComment.id").entity(String.class).get());
                }
                default -> {
                    String target = entities.get(random.nextInt(count));
                    admin.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Knows\", targetId: $t) { sourceVersion } }")
                            .variable("s", entity).variable("t", target).execute().path("linkEntities.sourceVersion").hasValue();
                }
            }
            if (!comments.get(entity).isEmpty() && random.nextInt(4) == 0) {
                String body = "edited " + token(random);
                personal.get(entity).add(body);
                admin.document("mutation($c: ID!, $b: String!) { editComment(commentId: $c, body: $b) { version } }")
                        .variable("c", comments.get(entity).get(random.nextInt(comments.get(entity).size()))).variable("b", body)
                        .execute().path("editComment.version").hasValue();
            }
        }
        String subject = entities.get(random.nextInt(count));
        for (String comment : comments.get(subject)) {
            admin.document("mutation($c: ID!) { eraseComment(commentId: $c, reason: \"property\", consistency: STRONG) { version } }")
                    .variable("c", comment).execute().path("eraseComment.version").hasValue();
        }
        admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"property\", consistency: STRONG) { version } }")
                .variable("x", subject).execute().path("eraseEntity.version").hasValue();
        List<String> secrets = personal.get(subject);

        StringBuilder answers = new StringBuilder();
        answers.append(view(subject).path("entity").entity(Object.class).get());
        answers.append(export(subject));
        answers.append(admin.document("query($x: ID!) { history(kind: ENTITY, id: $x, first: 200) { events { data } } }")
                .variable("x", subject).execute().path("history").entity(Object.class).get());
        for (String comment : comments.get(subject)) {
            answers.append(admin.document("query($x: ID!) { history(kind: COMMENT, id: $x) { events { data } } }")
                    .variable("x", comment).execute().path("history").entity(Object.class).get());
        }
        answers.append(admin.document("query($c: ID!) { entities(collectionId: $c, first: 50) { edges { node { values { text number erased } comments { nodes { body } } } } } }")
                .variable("c", collection).execute().path("entities").entity(Object.class).get());
        for (String secret : secrets) {
            assertThat(answers.toString()).as("answers").doesNotContain(secret);
        }
        assertThat(postgresText()).as("PostgreSQL").doesNotContain(secrets);
        assertThat(cassandraText()).as("read models").doesNotContain(secrets);
        for (String entity : entities) {
            String replayed = replayed(UUID.fromString(entity));
            assertThat(replayed).as("replay").doesNotContain(secrets);
            GraphQlTester.Response now = view(entity);
            List<String> texts = present(now, "entity.values[*].text");
            if (notes.containsKey(entity)) {
                assertThat(texts).as("the note of " + entity).contains(notes.get(entity));
            }
            if (!entity.equals(subject)) {
                // the others keep their latest personal values, readable
                assertThat(String.valueOf(now.path("entity").entity(Object.class).get()))
                        .doesNotContain("erased=true");
            }
            assertThat(servedRow(UUID.fromString(entity))).as("replay equals the serving read model of " + entity)
                    .isEqualTo(replayedRow(UUID.fromString(entity)));
        }
    }

    private void set(String entity, Map<String, Object> value) {
        admin.document("mutation($x: ID!, $v: ValueInput!) { setValue(entityId: $x, value: $v) { version } }")
                .variable("x", entity).variable("v", value).execute().path("setValue.version").hasValue();
    }

    private static String token(java.util.Random random) {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    private int lastGeneration;
    private Projection replay;

    /** The entity's values and flags as the serving generation holds them. */
    private String servedRow(UUID entity) {
        int serving = projectors.named("entities").orElseThrow().generation();
        Row row = session.execute("SELECT vals, archived, erased FROM " + ReadModel.physical("entity_by_id", serving)
                + " WHERE tenant_id = ? AND entity_id = ?", tenant, entity).one();
        return row == null ? "none" : row.getMap("vals", UUID.class, String.class) + " " + row.getBoolean("archived")
                + " " + Boolean.TRUE.equals(row.get("erased", Boolean.class));
    }

    /** The same, as the last replay wrote it. */
    private String replayedRow(UUID entity) {
        Row row = session.execute("SELECT vals, archived, erased FROM " + ReadModel.physical("entity_by_id", lastGeneration)
                + " WHERE tenant_id = ? AND entity_id = ?", tenant, entity).one();
        return row == null ? "none" : row.getMap("vals", UUID.class, String.class) + " " + row.getBoolean("archived")
                + " " + Boolean.TRUE.equals(row.get("erased", Boolean.class));
    }

    /** The job's status and its workflow's id (null until known). */
    private String[] jobStatus(String job) {
        var response = admin.document("query($id: ID!) { computeJob(id: $id) { status temporal { workflowId } } }")
                .variable("id", job).execute().returnResponse();
        if (!response.getErrors().isEmpty()) {
            return new String[] {"REQUESTED", null};
        }
        Map<String, Object> node = response.field("computeJob").getValue();
        Object workflow = node.get("temporal") instanceof Map<?, ?> temporalNode ? temporalNode.get("workflowId") : null;
        return new String[] {String.valueOf(node.get("status")), workflow == null ? null : workflow.toString()};
    }

    /** Takes the key table out of reach (or back): a rename, as a lost grant or a dropped table would. */
    private static void keyStore(String from, String to) throws Exception {
        try (var jdbc = database().jdbc(); var statement = jdbc.createStatement()) {
            statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    private GraphQlTester.Response view(String entity) {
        return admin.document("""
                query($x: ID!) { entity(id: $x) {
                  values { attributeId text number erased }
                  asOf(version: 2) { values { text number erased } }
                  comments { nodes { body erased deleted } }
                  history(first: 10) { nodes { type actor detail value { text erased } previous { text erased } } } } }""")
                .variable("x", entity).execute();
    }

    private void define(Map<String, Object> input) {
        Map<String, Object> full = new java.util.HashMap<>(input);
        full.put("collectionId", people);
        admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i, consistency: STRONG) { attributeId } }")
                .variable("i", full).execute().path("defineAttribute.attributeId").hasValue();
    }

    private long createdEntities() throws Exception {
        try (var jdbc = database().jdbc(); var statement = jdbc.prepareStatement(
                "SELECT count(*) FROM events WHERE tenant_id = ? AND event_type = 'entity.created'")) {
            statement.setObject(1, tenant);
            ResultSet rows = statement.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The tenant's events, snapshots and outbox messages as stored. */
    private String postgresText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (var jdbc = database().jdbc()) {
            for (String sql : List.of("SELECT data::text FROM events WHERE tenant_id = ?",
                    "SELECT state::text FROM snapshots WHERE tenant_id = ?",
                    "SELECT payload FROM eventuate.message WHERE payload LIKE '%' || ? || '%'")) {
                try (var statement = jdbc.prepareStatement(sql)) {
                    if (sql.contains("LIKE")) {
                        statement.setString(1, tenant.toString());
                    } else {
                        statement.setObject(1, tenant);
                    }
                    ResultSet rows = statement.executeQuery();
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** Every row of every table of the entity and comment read models, all generations. */
    private String cassandraText() {
        String keyspace = session.getKeyspace().orElseThrow().asInternal();
        StringBuilder text = new StringBuilder();
        for (Row table : session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)) {
            String name = table.getString("table_name");
            if (name.startsWith("entit") || name.startsWith("comment")) {
                for (Row row : session.execute("SELECT * FROM " + name)) {
                    text.append(row.getFormattedContents()).append('\n');
                }
            }
        }
        return text.toString();
    }

    /**
     * The entity's events replayed into a fresh generation of the entities read model (one for the class, made on first
     * use: a generation's tables take a while to create): its rows there.
     */
    private String replayed(UUID entity) {
        if (lastGeneration == 0) {
            lastGeneration = 900 + (int) (Math.random() * 99);
            replay = new ReadModelGenerations(session, ReadModel.ENTITIES, keys).prepare(lastGeneration)
                    .block(Duration.ofMinutes(1));
        }
        List<RecordedEvent> events = store.readStream(io.decidr.eventstore.aggregates.Aggregates.ENTITY.stream(tenant, entity), 1)
                .collectList().block(WAIT);
        for (RecordedEvent event : events) {
            replay.apply(event).block(WAIT);
        }
        List<String> rows = new ArrayList<>();
        for (String table : List.of("entity_by_id", "entity_history")) {
            session.execute("SELECT * FROM " + ReadModel.physical(table, lastGeneration) + " WHERE tenant_id = ? AND entity_id = ?",
                    tenant, entity).forEach(row -> rows.add(row.getFormattedContents()));
        }
        assertThat(rows).isNotEmpty();
        return String.join("\n", rows);
    }
}

package io.decidr.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.ApplicationOnOwnStores;
import io.decidr.platform.support.PlatformTest;
import io.decidr.platform.temporal.DevTemporal;
import io.decidr.workflows.reactions.ProcessManagers;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.decidr.workflows.WorkflowSearchAttributes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Integration events drive process managers end to end: a mutation's event goes through the outbox, the embedded
 * relay and Tram's consumer side (duplicate detection) to a handler that starts a workflow on the real Temporal dev
 * server, named after the message, its trigger in the memo; the workflow's commands name the event as their cause.
 */
@ApplicationOnOwnStores
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessManagersIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestPostgres.Database database;
    private static TemporalCliServer server;

    /** Stores of its own: the suite's shared application runs a relay too, and must not take this one's messages. */
    @DynamicPropertySource
    static void storesAndTemporal(DynamicPropertyRegistry registry) throws IOException {
        database = TestPostgres.newDatabase();
        PlatformTest.stores(registry, database, "messaging_" + ProcessHandle.current().pid());
        server = new TemporalCliServer(DevTemporal.settings()).start();
        DevTemporal.pointAt(registry, server);
        registry.add("decidr.messaging.relay.poll", () -> "200ms");
        // jobs slow enough to be cancelled midway
        registry.add("decidr.jobs.max-items-per-second", () -> "40");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    private Api api;
    private WorkflowServiceStubs service;
    private WorkflowClient temporal;
    HttpGraphQlTester admin;

    @BeforeAll
    void clients() {
        api = new Api(port);
        service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.target()).validateAndBuildWithDefaults());
        // the app's data converter: its payloads (memos, results) are encrypted
        temporal = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace(TemporalCliServer.NAMESPACE)
                .setDataConverter(context.getBean(WorkflowClient.class).getOptions().getDataConverter()).build());
        HttpGraphQlTester root = api.as(api.token(null, "root", "platform-admin"));
        UUID tenant = UUID.fromString(root.document("mutation { registerTenant(name: \"Messaging\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        service.shutdownNow();
        DevTemporal.stopWorkers(context);
        server.stop();
    }

    @Test
    void archiving_an_entity_unlinks_the_live_entities_that_link_to_it() throws SQLException {
        String companies = collection("Companies");
        String people = collection("People");
        defineLink(people, "Employer", companies, "Employees");
        String acme = entity(companies, "Acme");
        String ann = entity(people, "Ann");
        String bob = entity(people, "Bob");
        link(ann, "Employer", acme);
        link(bob, "Employer", acme);

        admin.document("mutation($e: ID!) { archiveEntity(entityId: $e) { version } }").variable("e", acme).execute()
                .path("archiveEntity.version").hasValue();

        String messageId = messageOf("entity.archived.v1", acme);
        String workflowId = "unlink-archived-entity/" + messageId;
        Api.eventually(() -> completed(workflowId), WAIT, "the process manager's workflow to complete");
        WorkflowStub run = temporal.newUntypedWorkflowStub(workflowId);
        assertThat(run.getResult(Integer.class)).as("links removed").isEqualTo(2);
        WorkflowExecutionDescription described = run.describe();
        assertThat(described.getMemo(ProcessManagers.MESSAGE_ID, String.class)).isEqualTo(messageId);
        assertThat(described.getMemo(ProcessManagers.EVENT_TYPE, String.class)).isEqualTo("entity.archived.v1");
        assertThat(described.getTypedSearchAttributes().get(WorkflowSearchAttributes.TENANT_ID)).isNotBlank();
        assertThat(described.getStaticSummary()).contains(acme);

        String archiveEvent = messageId.substring(17);
        for (String person : List.of(ann, bob)) {
            Api.eventually(() -> links(person).isEmpty(), WAIT, "the link of " + person + " to be gone from the read model");
            Map<String, Object> unlinked = lastEvent(person);
            // the unlink is the process's first step on the person: the archive event is its cause and correlation
            assertThat(unlinked).containsEntry("type", "entity.unlinked")
                    .containsEntry("actor", "decidr-process")
                    .containsEntry("causationId", archiveEvent)
                    .containsEntry("correlationId", archiveEvent);
        }
        assertThat(count("SELECT count(*) FROM eventuate.received_messages WHERE consumer_id = '"
                + ProcessManagers.SUBSCRIBER + "' AND message_id = '" + messageId + "'")).isEqualTo(1);
    }

    @Test
    void a_redelivered_message_starts_nothing_twice() throws SQLException {
        String companies = collection("Shops");
        String people = collection("Clerks");
        defineLink(people, "Shop", companies, "Clerks");
        String shop = entity(companies, "Corner shop");
        String clerk = entity(people, "Cleo");
        link(clerk, "Shop", shop);
        admin.document("mutation($e: ID!) { archiveEntity(entityId: $e) { version } }").variable("e", shop).execute()
                .path("archiveEntity.version").hasValue();
        String messageId = messageOf("entity.archived.v1", shop);
        String workflowId = "unlink-archived-entity/" + messageId;
        Api.eventually(() -> completed(workflowId), WAIT, "the process manager's workflow to complete");
        String firstRun = temporal.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();

        // delivered again, and again with its "received" record gone (as if the handler's transaction never committed)
        execute("UPDATE eventuate.message SET published = 0 WHERE id = '" + messageId + "'");
        Api.eventually(() -> count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0, WAIT,
                "the message to be relayed again");
        execute("DELETE FROM eventuate.received_messages WHERE message_id = '" + messageId + "'");
        execute("UPDATE eventuate.message SET published = 0 WHERE id = '" + messageId + "'");
        Api.eventually(() -> count("SELECT count(*) FROM eventuate.received_messages WHERE message_id = '"
                + messageId + "'") == 1, WAIT, "the message to be handled again");

        assertThat(temporal.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId())
                .as("the one run of the message's workflow").isEqualTo(firstRun);
        assertThat(history(clerk)).filteredOn(type -> type.equals("entity.unlinked")).hasSize(1);
    }

    @Test
    void removing_an_attribute_clears_its_values_and_links_from_every_entity_of_the_collection() throws SQLException {
        String contacts = collection("Contacts");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Note\", type: TEXT}) { attributeId } }")
                .variable("c", contacts).execute().path("defineAttribute.attributeId").hasValue();
        defineLink(contacts, "Buddy", contacts, "BuddyOf");
        String noted = entity(contacts, "Noted", "kept a note");
        String archived = entity(contacts, "Archived", "archived with a note");
        String plain = entity(contacts, "Plain", null);
        link(noted, "Buddy", plain);
        admin.document("mutation($e: ID!) { archiveEntity(entityId: $e) { version } }").variable("e", archived).execute()
                .path("archiveEntity.version").hasValue();

        removeAttribute(contacts, "Note");
        removeAttribute(contacts, "Buddy");

        String noteRemoved = messageOf("collection.attribute-removed.v1", contacts, 0);
        String buddyRemoved = messageOf("collection.attribute-removed.v1", contacts, 1);
        for (String messageId : List.of(noteRemoved, buddyRemoved)) {
            String workflowId = "purge-removed-attribute/" + messageId;
            Api.eventually(() -> completed(workflowId), WAIT, "the purge " + workflowId + " to complete");
            WorkflowExecutionDescription described = temporal.newUntypedWorkflowStub(workflowId).describe();
            assertThat(described.getMemo(ProcessManagers.EVENT_TYPE, String.class))
                    .isEqualTo("collection.attribute-removed.v1");
            assertThat(described.getTypedSearchAttributes().get(WorkflowSearchAttributes.COLLECTION_ID))
                    .isEqualTo(contacts);
        }
        Map<?, ?> notePurge = temporal.newUntypedWorkflowStub("purge-removed-attribute/" + noteRemoved)
                .getResult(Map.class);
        assertThat(notePurge.get("entities")).as("entities looked at").isEqualTo(3);
        Map<?, ?> buddyPurge = temporal.newUntypedWorkflowStub("purge-removed-attribute/" + buddyRemoved)
                .getResult(Map.class);
        assertThat(buddyPurge.get("links")).as("links removed").isEqualTo(1);

        // the two purges run side by side: either may write first
        List<String> notedHistory = history(noted);
        assertThat(notedHistory.subList(notedHistory.size() - 2, notedHistory.size()))
                .containsExactlyInAnyOrder("entity.value-cleared", "entity.unlinked");
        assertThat(history(archived)).as("an archived entity is purged too").endsWith("entity.value-cleared");
        assertThat(history(plain)).endsWith("entity.backlink-removed").doesNotContain("entity.value-cleared");
        assertThat(events(noted)).filteredOn(event -> "entity.value-cleared".equals(event.get("type"))).singleElement()
                .satisfies(cleared -> assertThat(cleared).containsEntry("actor", "decidr-process")
                        .containsEntry("correlationId", noteRemoved.substring(17)));
    }

    @Test
    void suspending_a_tenant_cancels_its_running_jobs_which_put_back_their_work() throws SQLException {
        HttpGraphQlTester root = api.as(api.token(null, "root", "platform-admin"));
        String tenant = root.document("mutation { registerTenant(name: \"Suspended soon\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get();
        HttpGraphQlTester owner = api.as(api.token(UUID.fromString(tenant), "otto", "admin", "member"));
        String rows = owner.document("mutation { createCollection(name: \"Rows\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        owner.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", rows).execute().path("defineAttribute.attributeId").hasValue();
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < 600; i++) {
            csv.append("row ").append(i).append('\n');
        }
        String job = owner.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", rows).variable("p", Map.of("format", "CSV", "data", csv.toString()))
                .execute().path("startComputeJob").entity(String.class).get();
        // rows appear as they are created (its progress is recorded per chunk, and this import is one chunk)
        Api.eventually(() -> imported(owner, rows) >= 20, WAIT, "the import to be under way");
        assertThat(jobField(owner, job, "status")).isEqualTo("RUNNING");

        root.document("mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"unpaid\") { version } }")
                .variable("t", tenant).execute().path("suspendTenant.version").hasValue();

        String messageId = messageOf("tenant.suspended.v1", tenant);
        String workflowId = "cancel-tenant-jobs/" + messageId;
        Api.eventually(() -> completed(workflowId), WAIT, "the process manager's workflow to complete");
        assertThat(temporal.newUntypedWorkflowStub(workflowId).getResult(Integer.class)).as("jobs cancelled").isEqualTo(1);
        Api.eventually(() -> "COMPENSATED".equals(jobField(owner, job, "status")), WAIT, "the job to be compensated");
        int restored = ((Number) jobField(owner, job, "restored")).intValue();
        assertThat(restored).as("rows the compensation archived").isPositive();
        Api.eventually(() -> imported(owner, rows) == 0, WAIT, "every imported row to be archived again");
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The collection's live entities, counting no further than 200. */
    private static int imported(HttpGraphQlTester owner, String collection) {
        return owner.document("query($c: ID!) { entities(collectionId: $c, first: 200) { edges { node { id } } } }")
                .variable("c", collection).execute().path("entities.edges").entityList(Object.class).get().size();
    }

    private static Object jobField(HttpGraphQlTester owner, String job, String field) {
        var response = owner.document("query($id: ID!) { computeJob(id: $id) { " + field + " } }").variable("id", job)
                .execute().returnResponse();
        return response.getErrors().isEmpty() ? response.field("computeJob." + field).getValue() : null;
    }

    private void removeAttribute(String collection, String attribute) {
        admin.document("mutation($c: ID!, $a: String!) { removeAttribute(collectionId: $c, attribute: $a) { version } }")
                .variable("c", collection).variable("a", attribute).execute().path("removeAttribute.version").hasValue();
    }

    private boolean completed(String workflowId) {
        try {
            return temporal.newUntypedWorkflowStub(workflowId).describe().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private String collection(String name) {
        String id = admin.document("mutation($n: String!) { createCollection(name: $n) { id } }").variable("n", name)
                .execute().path("createCollection.id").entity(String.class).get();
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", id).execute().path("defineAttribute.attributeId").hasValue();
        return id;
    }

    private void defineLink(String collection, String name, String target, String backlink) {
        admin.document("""
                mutation($c: ID!, $n: String!, $t: ID!, $b: String!) {
                  defineAttribute(input: {collectionId: $c, name: $n, type: LINK, targetCollectionId: $t, backlinkName: $b}) {
                    attributeId } }""")
                .variable("c", collection).variable("n", name).variable("t", target).variable("b", backlink).execute()
                .path("defineAttribute.attributeId").hasValue();
    }

    private String entity(String collection, String name) {
        return entity(collection, name, null);
    }

    private String entity(String collection, String name, String note) {
        List<Map<String, Object>> values = note == null ? List.of(Map.of("attribute", "Name", "text", name))
                : List.of(Map.of("attribute", "Name", "text", name), Map.of("attribute", "Note", "text", note));
        return admin.document("mutation($c: ID!, $v: [ValueInput!]) { createEntity(collectionId: $c, values: $v) { id } }")
                .variable("c", collection).variable("v", values).execute()
                .path("createEntity.id").entity(String.class).get();
    }

    private void link(String source, String attribute, String target) {
        admin.document("mutation($s: ID!, $a: String!, $t: ID!) { linkEntities(sourceId: $s, attribute: $a, targetId: $t) { sourceVersion } }")
                .variable("s", source).variable("a", attribute).variable("t", target).execute()
                .path("linkEntities.sourceVersion").hasValue();
    }

    private List<String> links(String entity) {
        return admin.document("query($e: ID!) { entity(id: $e) { links { nodes { targetId } } } }").variable("e", entity)
                .execute().path("entity.links.nodes[*].targetId").entityList(String.class).get();
    }

    private Map<String, Object> lastEvent(String entity) {
        return events(entity).getLast();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String entity) {
        return admin.document("""
                        query($id: ID!) {
                          history(kind: ENTITY, id: $id, first: 200) { events { type actor causationId correlationId } } }""")
                .variable("id", entity).execute().path("history.events").entityList(Map.class).get()
                .stream().map(event -> (Map<String, Object>) event).toList();
    }

    private List<String> history(String entity) {
        return admin.document("query($id: ID!) { history(kind: ENTITY, id: $id, first: 200) { events { type } } }")
                .variable("id", entity).execute().path("history.events[*].type").entityList(String.class).get();
    }

    private String messageOf(String eventType, String aggregate) throws SQLException {
        return messageOf(eventType, aggregate, 0);
    }

    /** The id of the aggregate's {@code nth} message of the type (0 the first). */
    private String messageOf(String eventType, String aggregate, int nth) throws SQLException {
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT id FROM eventuate.message
                WHERE headers::jsonb ->> 'event-type' = '%s' AND headers::jsonb ->> 'PARTITION_ID' = '%s'
                ORDER BY id OFFSET %d
                """.formatted(eventType, aggregate, nth))) {
            assertThat(r.next()).as("a %s message of %s", eventType, aggregate).isTrue();
            return r.getString(1);
        }
    }

    private long count(String sql) {
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

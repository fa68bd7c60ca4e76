package io.decidr.platform.graphql;

import static io.decidr.platform.support.Api.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** The GraphQL write path end to end: every mutation, every rejection code, idempotency, tenant isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathIT extends PlatformTest {

    Api api;
    HttpGraphQlTester platformAdmin;
    UUID tenant;
    HttpGraphQlTester admin;
    HttpGraphQlTester member;
    HttpGraphQlTester otherMember;

    @BeforeAll
    void tenantWithUsers() {
        api = new Api(port);
        platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        tenant = registerTenant("Acme");
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        otherMember = api.as(api.token(tenant, "cy", "member"));
    }

    UUID registerTenant(String name) {
        return UUID.fromString(platformAdmin.document("mutation($n: String!) { registerTenant(name: $n) { id version } }")
                .variable("n", name).execute().path("registerTenant.id").entity(String.class).get());
    }

    static String id(GraphQlTester.Response response, String path) {
        return response.path(path).entity(String.class).get();
    }

    String createCollection(HttpGraphQlTester as, String name) {
        return id(as.document("mutation($n: String!) { createCollection(name: $n) { id } }").variable("n", name)
                .execute(), "createCollection.id");
    }

    String defineAttribute(String collection, Map<String, Object> input) {
        Map<String, Object> full = new HashMap<>(input);
        full.put("collectionId", collection);
        return id(admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i) { attributeId } }")
                .variable("i", full).execute(), "defineAttribute.attributeId");
    }

    String createEntity(HttpGraphQlTester as, String collection, List<Map<String, Object>> values) {
        return id(as.document("mutation($c: ID!, $v: [ValueInput!]) { createEntity(collectionId: $c, values: $v) { id } }")
                .variable("c", collection).variable("v", values).execute(), "createEntity.id");
    }

    List<String> historyTypes(HttpGraphQlTester as, String kind, String id) {
        return as.document("query($k: ObjectKind!, $id: ID!) { history(kind: $k, id: $id, first: 200) { events { type } } }")
                .variable("k", kind).variable("id", id).execute()
                .path("history.events[*].type").entityList(String.class).get();
    }

    @Test
    void a_user_builds_a_small_crm_through_graphql() {
        String companies = createCollection(admin, "Companies");
        String contacts = createCollection(admin, "Contacts");
        defineAttribute(companies, Map.of("name", "Name", "type", "TEXT", "required", true));
        defineAttribute(companies, Map.of("name", "Revenue", "type", "NUMBER"));
        defineAttribute(companies, Map.of("name", "Tier", "type", "SELECT", "options", List.of("gold", "silver")));
        defineAttribute(companies, Map.of("name", "Founded", "type", "DATE"));
        defineAttribute(companies, Map.of("name", "Public", "type", "BOOLEAN"));
        defineAttribute(contacts, Map.of("name", "Name", "type", "TEXT", "required", true));
        defineAttribute(contacts, Map.of("name", "Employer", "type", "LINK",
                "targetCollectionId", companies, "backlinkName", "Employees"));

        String initech = createEntity(member, companies, List.of(
                Map.of("attribute", "name", "text", "Initech"),
                Map.of("attribute", "Revenue", "number", "1250000.50"),
                Map.of("attribute", "Founded", "date", "1999-02-19")));
        String peter = createEntity(member, contacts, List.of(Map.of("attribute", "Name", "text", "Peter")));

        GraphQlTester.Response set = member.document("""
                mutation($e: ID!) { setValue(entityId: $e, value: {attribute: "Tier", option: "gold"}) { id version } }""")
                .variable("e", initech).execute();
        set.path("setValue.version").entity(Integer.class).isEqualTo(2);
        member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Public\", boolean: true}) { version } }")
                .variable("e", initech).execute().path("setValue.version").entity(Integer.class).isEqualTo(3);
        member.document("mutation($e: ID!) { clearValue(entityId: $e, attribute: \"Tier\") { version } }")
                .variable("e", initech).execute().path("clearValue.version").entity(Integer.class).isEqualTo(4);

        GraphQlTester.Response link = member.document("""
                mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: "Employer", targetId: $t) {
                  sourceId targetId sourceVersion targetVersion } }""")
                .variable("s", peter).variable("t", initech).execute();
        link.path("linkEntities.sourceVersion").entity(Integer.class).isEqualTo(2);
        link.path("linkEntities.targetVersion").entity(Integer.class).isEqualTo(5);

        String comment = id(member.document("mutation($e: ID!) { addComment(entityId: $e, body: \"Met them today\") { id } }")
                .variable("e", initech).execute(), "addComment.id");
        member.document("mutation($c: ID!) { editComment(commentId: $c, body: \"Met them on Monday\") { version } }")
                .variable("c", comment).execute().path("editComment.version").entity(Integer.class).isEqualTo(2);
        admin.document("mutation($c: ID!) { deleteComment(commentId: $c) { version } }")
                .variable("c", comment).execute().path("deleteComment.version").entity(Integer.class).isEqualTo(3);

        member.document("mutation($s: ID!, $t: ID!) { unlinkEntities(sourceId: $s, attribute: \"employer\", targetId: $t) { sourceVersion targetVersion } }")
                .variable("s", peter).variable("t", initech).execute()
                .path("unlinkEntities.targetVersion").entity(Integer.class).isEqualTo(6);
        member.document("mutation($e: ID!) { archiveEntity(entityId: $e) { version } }").variable("e", peter).execute()
                .path("archiveEntity.version").entity(Integer.class).isEqualTo(4);
        member.document("mutation($e: ID!) { restoreEntity(entityId: $e) { version } }").variable("e", peter).execute()
                .path("restoreEntity.version").entity(Integer.class).isEqualTo(5);

        assertThat(historyTypes(member, "ENTITY", initech)).containsExactly("entity.created", "entity.value-set",
                "entity.value-set", "entity.value-cleared", "entity.backlink-added", "entity.backlink-removed");
        assertThat(historyTypes(member, "ENTITY", peter)).containsExactly("entity.created", "entity.linked",
                "entity.unlinked", "entity.archived", "entity.restored");
        assertThat(historyTypes(member, "COMMENT", comment)).containsExactly("comment.added", "comment.edited",
                "comment.deleted");

        GraphQlTester.Response history = member.document("""
                query($id: ID!) { history(kind: ENTITY, id: $id, first: 1) {
                  events { version type data actor commandId correlationId recordedAt } nextAfter } }""")
                .variable("id", initech).execute();
        history.path("history.events[0].actor").entity(String.class).isEqualTo("bob");
        history.path("history.events[0].data.values").entity(Map.class).satisfies(values ->
                assertThat(values.values().toString()).contains("1250000.5").contains("1999-02-19").contains("Initech"));
        history.path("history.nextAfter").entity(Integer.class).isEqualTo(1);

        admin.document("mutation($c: ID!) { renameCollection(collectionId: $c, name: \"Accounts\") { version } }")
                .variable("c", companies).execute().path("renameCollection.version").entity(Integer.class).isEqualTo(7);
        admin.document("mutation($c: ID!) { renameAttribute(collectionId: $c, attribute: \"revenue\", name: \"ARR\") { version } }")
                .variable("c", companies).execute().path("renameAttribute.version").entity(Integer.class).isEqualTo(8);
        admin.document("mutation($c: ID!) { removeAttribute(collectionId: $c, attribute: \"Public\") { version } }")
                .variable("c", companies).execute().path("removeAttribute.version").entity(Integer.class).isEqualTo(9);
        admin.document("mutation { renameTenant(name: \"Acme Corp\") { version } }").execute()
                .path("renameTenant.version").entity(Integer.class).isEqualTo(2);
    }

    @Test
    void every_rejection_has_its_code_and_writes_nothing() {
        String collection = createCollection(admin, "Projects");
        String titleId = defineAttribute(collection, Map.of("name", "Title", "type", "TEXT", "required", true, "maxLength", 20));
        defineAttribute(collection, Map.of("name", "Budget", "type", "NUMBER"));
        String project = createEntity(member, collection, List.of(Map.of("attribute", "Title", "text", "Apollo")));
        List<String> projectHistory = historyTypes(member, "ENTITY", project);
        List<String> collectionHistory = historyTypes(member, "COLLECTION", collection);

        // ALREADY_EXISTS: attribute names are unique case-insensitively
        rejected(admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"TITLE\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute(), "ALREADY_EXISTS");
        // NOT_FOUND: an entity that does not exist
        rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Title\", text: \"x\"}) { id } }")
                .variable("e", UUID.randomUUID().toString()).execute(), "NOT_FOUND");
        // VALIDATION_FAILED, naming the field: unknown attribute, wrong type, malformed id, oversized string, unknown enum
        assertThat(rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Colour\", text: \"red\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "values.Colour");
        assertThat(rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Budget\", text: \"lots\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "values.Budget");
        assertThat(rejected(member.document("mutation { setValue(entityId: \"12345\", value: {attribute: \"Budget\", number: 1}) { id } }")
                .execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "entityId");
        assertThat(rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Title\", text: \"far too long for twenty\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "values." + titleId);
        assertThat(rejected(admin.document("mutation($n: String!) { createCollection(name: $n) { id } }")
                .variable("n", "x".repeat(101)).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "name");
        assertThat(rejected(admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Shape\", type: TRIANGLE}) { attributeId } }")
                .variable("c", collection).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "input.type");
        rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Budget\", number: \"ten\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED");
        // a value gives exactly one typed field: none, or two, is refused before any schema is read
        assertThat(rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Budget\", number: 1, text: \"1\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "values.Budget");
        assertThat(rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Budget\"}) { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "values.Budget");
        assertThat(rejected(member.document("mutation($e: ID!) { clearValue(entityId: $e, attribute: \"Title\") { id } }")
                .variable("e", project).execute(), "VALIDATION_FAILED").getExtensions()).containsKey("field");
        // FORBIDDEN: members do not change schemas; only authors edit comments; tenants are registered by platform admins
        rejected(member.document("mutation { createCollection(name: \"Mine\") { id } }").execute(), "FORBIDDEN");
        String comment = id(member.document("mutation($e: ID!) { addComment(entityId: $e, body: \"first\") { id } }")
                .variable("e", project).execute(), "addComment.id");
        rejected(otherMember.document("mutation($c: ID!) { editComment(commentId: $c, body: \"mine now\") { id } }")
                .variable("c", comment).execute(), "FORBIDDEN");
        rejected(otherMember.document("mutation($c: ID!) { deleteComment(commentId: $c) { id } }")
                .variable("c", comment).execute(), "FORBIDDEN");
        rejected(admin.document("mutation { registerTenant(name: \"Sneaky\") { id } }").execute(), "FORBIDDEN");
        // INVALID_STATE: restoring an entity that is not archived
        rejected(member.document("mutation($e: ID!) { restoreEntity(entityId: $e) { id } }").variable("e", project).execute(),
                "INVALID_STATE");
        assertThat(historyTypes(member, "ENTITY", project)).isEqualTo(projectHistory);
        assertThat(historyTypes(member, "COLLECTION", collection)).isEqualTo(collectionHistory);
        assertThat(historyTypes(member, "COMMENT", comment)).containsExactly("comment.added");

        // ARCHIVED: an archived entity takes no values
        member.document("mutation($e: ID!) { archiveEntity(entityId: $e) { id } }").variable("e", project).execute()
                .path("archiveEntity.id").hasValue();
        rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Budget\", number: 5}) { id } }")
                .variable("e", project).execute(), "ARCHIVED");
        rejected(member.document("mutation($e: ID!) { addComment(entityId: $e, body: \"too late\") { id } }")
                .variable("e", project).execute(), "ARCHIVED");
    }

    @Test
    void a_refused_backlink_undoes_the_link_and_reports_the_targets_reason() {
        String teams = createCollection(admin, "Teams");
        String people = createCollection(admin, "People");
        defineAttribute(people, Map.of("name", "Team", "type", "LINK", "targetCollectionId", teams, "backlinkName", "Members"));
        String team = createEntity(member, teams, List.of());
        String otherPerson = createEntity(member, people, List.of());
        String person = createEntity(member, people, List.of());
        member.document("mutation($e: ID!) { archiveEntity(entityId: $e) { id } }").variable("e", team).execute()
                .path("archiveEntity.id").hasValue();

        rejected(member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Team\", targetId: $t) { sourceVersion } }")
                .variable("s", person).variable("t", team).execute(), "ARCHIVED");
        assertThat(historyTypes(member, "ENTITY", person)).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(historyTypes(member, "ENTITY", team)).containsExactly("entity.created", "entity.archived");

        // a target in the wrong collection
        assertThat(rejected(member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Team\", targetId: $t) { sourceVersion } }")
                .variable("s", person).variable("t", otherPerson).execute(), "VALIDATION_FAILED").getExtensions())
                .containsEntry("field", "target");
        // a missing target
        rejected(member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Team\", targetId: $t) { sourceVersion } }")
                .variable("s", person).variable("t", UUID.randomUUID().toString()).execute(), "NOT_FOUND");
        assertThat(historyTypes(member, "ENTITY", otherPerson)).containsExactly("entity.created");
    }

    @Test
    void the_same_command_id_twice_changes_nothing_the_second_time() {
        String commandId = UUID.randomUUID().toString();
        String document = "mutation($n: String!, $k: ID) { createCollection(name: $n, commandId: $k) { id version duplicate } }";
        GraphQlTester.Response first = admin.document(document).variable("n", "Leads").variable("k", commandId).execute();
        GraphQlTester.Response again = admin.document(document).variable("n", "Leads").variable("k", commandId).execute();
        first.path("createCollection.duplicate").entity(Boolean.class).isEqualTo(false);
        again.path("createCollection.duplicate").entity(Boolean.class).isEqualTo(true);
        String collection = id(first, "createCollection.id");
        again.path("createCollection.id").entity(String.class).isEqualTo(collection);
        again.path("createCollection.version").entity(Integer.class).isEqualTo(1);
        assertThat(historyTypes(admin, "COLLECTION", collection)).containsExactly("collection.created");

        rejected(admin.document(document).variable("n", "Leads").variable("k", "not-a-uuid").execute(), "VALIDATION_FAILED");
    }

    @Test
    void a_suspended_tenant_takes_no_commands_until_reactivated() {
        UUID suspended = registerTenant("Paused Ltd");
        HttpGraphQlTester pausedAdmin = api.as(api.token(suspended, "pat", "admin"));
        createCollection(pausedAdmin, "Before");
        platformAdmin.document("mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"unpaid invoice\") { version } }")
                .variable("t", suspended.toString()).execute().path("suspendTenant.version").entity(Integer.class).isEqualTo(2);

        rejected(pausedAdmin.document("mutation { createCollection(name: \"During\") { id } }").execute(), "TENANT_SUSPENDED");
        rejected(pausedAdmin.document("mutation { renameTenant(name: \"Renamed\") { id } }").execute(), "TENANT_SUSPENDED");
        rejected(platformAdmin.document("mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"again\") { version } }")
                .variable("t", suspended.toString()).execute(), "INVALID_STATE");

        platformAdmin.document("mutation($t: ID!) { reactivateTenant(tenantId: $t) { version } }")
                .variable("t", suspended.toString()).execute().path("reactivateTenant.version").entity(Integer.class).isEqualTo(3);
        createCollection(pausedAdmin, "After");
    }

    @Test
    void another_tenants_ids_are_not_found_and_nothing_is_written() {
        UUID otherTenant = registerTenant("Globex");
        HttpGraphQlTester globex = api.as(api.token(otherTenant, "hank", "admin", "member"));
        String theirCollection = createCollection(globex, "Secrets");
        defineAttribute2(globex, theirCollection);
        String theirEntity = createEntity(globex, theirCollection, List.of(Map.of("attribute", "Code", "text", "42")));
        String theirComment = id(globex.document("mutation($e: ID!) { addComment(entityId: $e, body: \"classified\") { id } }")
                .variable("e", theirEntity).execute(), "addComment.id");
        List<String> before = historyTypes(globex, "ENTITY", theirEntity);

        String ours = createCollection(admin, "Ours");
        String ourEntity = createEntity(member, ours, List.of());
        Map<String, String> attempts = Map.ofEntries(
                Map.entry("mutation($x: ID!) { renameCollection(collectionId: $x, name: \"Mine\") { id } }", theirCollection),
                Map.entry("mutation($x: ID!) { archiveCollection(collectionId: $x) { id } }", theirCollection),
                Map.entry("mutation($x: ID!) { defineAttribute(input: {collectionId: $x, name: \"Leak\", type: TEXT}) { attributeId } }", theirCollection),
                Map.entry("mutation($x: ID!) { createEntity(collectionId: $x) { id } }", theirCollection),
                Map.entry("mutation($x: ID!) { setValue(entityId: $x, value: {attribute: \"Code\", text: \"0\"}) { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { clearValue(entityId: $x, attribute: \"Code\") { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { archiveEntity(entityId: $x) { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { restoreEntity(entityId: $x) { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { addComment(entityId: $x, body: \"hi\") { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { editComment(commentId: $x, body: \"hi\") { id } }", theirComment),
                Map.entry("mutation($x: ID!) { deleteComment(commentId: $x) { id } }", theirComment),
                Map.entry("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"r\") { id } }", theirEntity),
                Map.entry("mutation($x: ID!) { eraseComment(commentId: $x, reason: \"r\") { id } }", theirComment),
                Map.entry("query($x: ID!) { history(kind: ENTITY, id: $x) { events { type } } }", theirEntity),
                Map.entry("query($x: ID!) { history(kind: COLLECTION, id: $x) { events { type } } }", theirCollection),
                Map.entry("query($x: ID!) { history(kind: COMMENT, id: $x) { events { type } } }", theirComment));
        attempts.forEach((document, theirId) ->
                rejected(admin.document(document).variable("x", theirId).execute(), "NOT_FOUND"));
        rejected(member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"x\", targetId: $t) { sourceVersion } }")
                .variable("s", theirEntity).variable("t", ourEntity).execute(), "NOT_FOUND");

        assertThat(historyTypes(globex, "ENTITY", theirEntity)).isEqualTo(before);
        assertThat(historyTypes(globex, "COLLECTION", theirCollection))
                .containsExactly("collection.created", "collection.attribute-defined");
        assertThat(historyTypes(globex, "COMMENT", theirComment)).containsExactly("comment.added");
    }

    private void defineAttribute2(HttpGraphQlTester as, String collection) {
        as.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Code\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute().path("defineAttribute.attributeId").hasValue();
    }

    @Test
    void oversized_documents_and_introspection_in_bad_faith_are_refused() {
        String huge = "query { me { user } }" + " ".repeat(25_000);
        assertThat(rejected(member.document(huge).execute(), "VALIDATION_FAILED").getExtensions())
                .containsEntry("field", "query");
        // introspection is exempt from the data limits (hardening.IntrospectionIT), but not from graphql-java's
        // good-faith check: __Type.fields nested in itself is refused
        String badFaith = "query { __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
        rejected(member.document(badFaith).execute(), "VALIDATION_FAILED");
    }

    @Test
    void requests_without_a_valid_token_are_unauthorized() {
        api.http().post().uri("/graphql").bodyValue(Map.of("query", "{ me { user } }")).exchange()
                .expectStatus().isUnauthorized();
        api.http().post().uri("/graphql").headers(h -> h.setBearerAuth("not.a.token"))
                .bodyValue(Map.of("query", "{ me { user } }")).exchange()
                .expectStatus().isUnauthorized();
    }
}

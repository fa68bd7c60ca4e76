package io.decidr.platform.graphql;

import static io.decidr.platform.support.Api.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The onboarding and archive-collection sagas end to end through GraphQL, on the app's own Temporal worker: a tenant
 * onboarded from the crm template and used by its admin; a collection archived with the links into it; an archive
 * cancelled midway and everything put back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagasIT extends PlatformTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static final String ONBOARD = """
            mutation($n: String!, $t: String!, $a: String!, $k: ID) {
              onboardTenant(name: $n, template: $t, adminUser: $a, commandId: $k, consistency: STRONG) {
                tenantId version duplicate collections { id name version } } }""";

    private static final String ARCHIVE = """
            mutation($c: ID!, $k: ID, $s: Consistency) {
              archiveCollection(collectionId: $c, commandId: $k, consistency: $s) { id version duplicate } }""";

    private static final String CANCEL = "mutation($c: ID!) { cancelArchiveCollection(collectionId: $c) }";

    Api api;
    HttpGraphQlTester platformAdmin;
    HttpGraphQlTester admin;
    HttpGraphQlTester member;

    @BeforeAll
    void tenantWithUsers() {
        api = new Api(port);
        platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Saga Ltd\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
    }

    // ------------------------------------------------------------------------------------------- onboarding

    @Test
    void onboards_a_crm_tenant_whose_admin_works_in_it_and_the_same_command_again_is_a_duplicate() {
        String commandId = UUID.randomUUID().toString();
        GraphQlTester.Response onboarded = platformAdmin.document(ONBOARD).variable("n", "Initrode").variable("t", "crm")
                .variable("a", "peggy").variable("k", commandId).execute();
        String tenant = onboarded.path("onboardTenant.tenantId").entity(String.class).get();
        onboarded.path("onboardTenant.duplicate").entity(Boolean.class).isEqualTo(false);
        onboarded.path("onboardTenant.version").entity(Integer.class).isEqualTo(2);
        onboarded.path("onboardTenant.collections[*].name").entityList(String.class).containsExactly("Companies", "Contacts");
        String companies = onboarded.path("onboardTenant.collections[0].id").entity(String.class).get();

        HttpGraphQlTester peggy = api.as(api.token(UUID.fromString(tenant), "peggy", "admin", "member"));
        assertThat(history(peggy, "TENANT", tenant)).containsExactly("tenant.registered", "tenant.admin-granted");
        assertThat(causes(peggy, "TENANT", tenant)).as("the saga's steps, caused by its command").allSatisfy(event -> {
            assertThat(event).containsEntry("causationId", commandId).containsEntry("correlationId", commandId);
            assertThat(event.get("commandId")).isNotEqualTo(commandId);
        });
        GraphQlTester.Response schema = peggy.document("""
                { collections { name attributes { name type required targetCollectionId backlinkName } } }""").execute();
        assertThat(schema.path("collections[*].name").entityList(String.class).get()).containsExactlyInAnyOrder("Companies",
                "Contacts");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> collections = schema.path("collections").entity(List.class).get();
        Map<String, Object> contacts = collections.stream().filter(c -> "Contacts".equals(c.get("name"))).findFirst().orElseThrow();
        assertThat(contacts.get("attributes").toString()).contains("name=Name, type=TEXT, required=true",
                "name=Email, type=TEXT, required=false", "name=Employer, type=LINK, required=false, targetCollectionId="
                        + companies + ", backlinkName=Contacts");

        String company = createEntity(peggy, companies, "Initrode");
        String contactsId = onboarded.path("onboardTenant.collections[1].id").entity(String.class).get();
        String milton = createEntity(peggy, contactsId, "Milton");
        peggy.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { targetVersion } }")
                .variable("s", milton).variable("t", company).execute().path("linkEntities.targetVersion").entity(Integer.class)
                .isEqualTo(2);

        GraphQlTester.Response again = platformAdmin.document(ONBOARD).variable("n", "Initrode").variable("t", "crm")
                .variable("a", "peggy").variable("k", commandId).execute();
        again.path("onboardTenant.duplicate").entity(Boolean.class).isEqualTo(true);
        again.path("onboardTenant.tenantId").entity(String.class).isEqualTo(tenant);
        assertThat(history(peggy, "TENANT", tenant)).containsExactly("tenant.registered", "tenant.admin-granted");
    }

    @Test
    void onboarding_is_for_platform_admins_with_a_known_template_and_a_name() {
        assertThat(rejected(platformAdmin.document(ONBOARD).variable("n", "Hooli").variable("t", "erp").variable("a", "gavin")
                .execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "template");
        assertThat(rejected(platformAdmin.document(ONBOARD).variable("n", "Hooli").variable("t", "crm").variable("a", " ")
                .execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "adminUser");
        rejected(admin.document(ONBOARD).variable("n", "Hooli").variable("t", "crm").variable("a", "gavin").execute(), "FORBIDDEN");
        // refused by the saga's first step, and compensated (there was nothing to undo)
        assertThat(rejected(platformAdmin.document(ONBOARD).variable("n", "   ").variable("t", "crm").variable("a", "gavin")
                .execute(), "VALIDATION_FAILED").getExtensions()).containsEntry("field", "name");
    }

    // ------------------------------------------------------------------------------------------- archiving

    @Test
    void archives_a_collection_and_the_links_into_it_and_answers_strong_once_done() {
        String vendors = createCollection("Vendors");
        String buyers = createCollection("Buyers");
        defineLink(buyers, "Supplier", vendors, "Customers");
        List<String> vendor = createEntities(vendors, 60);
        String buyer = createEntity(member, buyers, null);
        String otherBuyer = createEntity(member, buyers, null);
        link(buyer, "Supplier", vendor.get(0));
        link(otherBuyer, "Supplier", vendor.get(59));

        String commandId = UUID.randomUUID().toString();
        GraphQlTester.Response archived = admin.document(ARCHIVE).variable("c", vendors).variable("k", commandId)
                .variable("s", "STRONG").execute();
        archived.path("archiveCollection.id").entity(String.class).isEqualTo(vendors);
        archived.path("archiveCollection.duplicate").entity(Boolean.class).isEqualTo(false);

        // STRONG: the read models show it all already
        admin.document("query($c: ID!) { collection(id: $c) { archived } }").variable("c", vendors).execute()
                .path("collection.archived").entity(Boolean.class).isEqualTo(true);
        assertThat(archivedFlags(vendors)).hasSize(60).containsOnly(true);
        member.document("query($e: ID!) { entity(id: $e) { links { nodes { targetId } } } }").variable("e", buyer).execute()
                .path("entity.links.nodes").entityList(Object.class).hasSize(0);
        assertThat(history(member, "ENTITY", otherBuyer)).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(history(member, "ENTITY", vendor.get(0))).containsExactly("entity.created", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed");
        assertThat(causes(member, "ENTITY", vendor.get(0)).get(2)).as("archived by the saga, its command the cause")
                .containsEntry("causationId", commandId).containsEntry("correlationId", commandId);

        admin.document(ARCHIVE).variable("c", vendors).variable("k", commandId).variable("s", "EVENTUAL").execute()
                .path("archiveCollection.duplicate").entity(Boolean.class).isEqualTo(true);
        rejected(admin.document(ARCHIVE).variable("c", vendors).variable("s", "EVENTUAL").execute(), "ARCHIVED");
        rejected(member.document(ARCHIVE).variable("c", buyers).variable("s", "EVENTUAL").execute(), "FORBIDDEN");
        rejected(admin.document(ARCHIVE).variable("c", UUID.randomUUID().toString()).variable("s", "EVENTUAL").execute(),
                "NOT_FOUND");
    }

    @Test
    void an_archive_cancelled_midway_puts_back_every_entity_and_link() {
        String suppliers = createCollection("Suppliers");
        String orders = createCollection("Orders");
        defineLink(orders, "Supplier", suppliers, "Orders");
        List<String> supplier = createEntities(suppliers, 150);
        String order = createEntity(member, orders, null);
        String lateOrder = createEntity(member, orders, null);
        link(order, "Supplier", supplier.get(0));
        link(lateOrder, "Supplier", supplier.get(149));

        GraphQlTester.Response started = admin.document(ARCHIVE).variable("c", suppliers).variable("s", "EVENTUAL").execute();
        started.path("archiveCollection.id").entity(String.class).isEqualTo(suppliers);
        Api.eventually(() -> history(member, "ENTITY", supplier.get(0)).contains("entity.archived"), WITHIN,
                "the saga to archive the first supplier");
        rejected(member.document(CANCEL).variable("c", suppliers).execute(), "FORBIDDEN");
        admin.document(CANCEL).variable("c", suppliers).execute().path("cancelArchiveCollection").entity(Boolean.class)
                .isEqualTo(true);

        assertThat(history(member, "ENTITY", supplier.get(0))).containsExactly("entity.created", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed", "entity.restored", "entity.backlink-added");
        assertThat(history(member, "ENTITY", order)).containsExactly("entity.created", "entity.linked", "entity.unlinked",
                "entity.linked");
        for (String one : supplier) {
            List<String> events = history(member, "ENTITY", one);
            assertThat(events.stream().filter("entity.archived"::equals).count()).as(one)
                    .isEqualTo(events.stream().filter("entity.restored"::equals).count());
        }
        Api.eventually(() -> !archivedFlags(suppliers).contains(true), WITHIN, "the read model to show every supplier back");
        admin.document("query($c: ID!) { collection(id: $c) { archived } }").variable("c", suppliers).execute()
                .path("collection.archived").entity(Boolean.class).isEqualTo(false);
        Api.eventually(() -> !member.document("query($e: ID!) { entity(id: $e) { links { nodes { targetId } } } }").variable("e", order)
                .execute().path("entity.links.nodes").entityList(Object.class).get().isEmpty(), WITHIN, "the link back in the read model");

        // nothing under way any more
        admin.document(CANCEL).variable("c", suppliers).execute().path("cancelArchiveCollection").entity(Boolean.class)
                .isEqualTo(false);
        rejected(admin.document(CANCEL).variable("c", UUID.randomUUID().toString()).execute(), "NOT_FOUND");

        // archiving it again after the cancelled run: commands of its own, and done this time
        admin.document(ARCHIVE).variable("c", suppliers).variable("s", "STRONG").execute()
                .path("archiveCollection.id").entity(String.class).isEqualTo(suppliers);
        assertThat(history(member, "ENTITY", supplier.get(0))).endsWith("entity.restored", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed");
    }

    // ------------------------------------------------------------------------------------------- helpers

    private String createCollection(String name) {
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

    private static String createEntity(HttpGraphQlTester as, String collection, String name) {
        List<Map<String, Object>> values = name == null ? List.of() : List.of(Map.of("attribute", "Name", "text", name));
        return as.document("mutation($c: ID!, $v: [ValueInput!]) { createEntity(collectionId: $c, values: $v) { id } }")
                .variable("c", collection).variable("v", values).execute().path("createEntity.id").entity(String.class).get();
    }

    private List<String> createEntities(String collection, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(createEntity(member, collection, "#" + i));
        }
        return ids;
    }

    private void link(String source, String attribute, String target) {
        member.document("mutation($s: ID!, $a: String!, $t: ID!) { linkEntities(sourceId: $s, attribute: $a, targetId: $t) { sourceVersion } }")
                .variable("s", source).variable("a", attribute).variable("t", target).execute()
                .path("linkEntities.sourceVersion").hasValue();
    }

    /** Each event's command, causation and correlation ids. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> causes(HttpGraphQlTester as, String kind, String id) {
        return as.document("""
                        query($k: ObjectKind!, $id: ID!) {
                          history(kind: $k, id: $id, first: 200) { events { commandId causationId correlationId } } }""")
                .variable("k", kind).variable("id", id).execute().path("history.events").entityList(Map.class).get()
                .stream().map(event -> (Map<String, Object>) event).toList();
    }

    private static List<String> history(HttpGraphQlTester as, String kind, String id) {
        return as.document("query($k: ObjectKind!, $id: ID!) { history(kind: $k, id: $id, first: 200) { events { type } } }")
                .variable("k", kind).variable("id", id).execute()
                .path("history.events[*].type").entityList(String.class).get();
    }

    private List<Boolean> archivedFlags(String collection) {
        return member.document("""
                query($c: ID!) { entities(collectionId: $c, includeArchived: true, first: 200) { edges { node { archived } } } }""")
                .variable("c", collection).execute().path("entities.edges[*].node.archived").entityList(Boolean.class).get();
    }
}

package io.decidr.platform.abuse;

import io.decidr.platform.support.Api;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The tenant the abuse runs in, made through the API: a Deals collection with an attribute of every kind (a LINK
 * to Partners), two deals and a partner, a link and a comment; an admin token of it and a platform admin's.
 *
 * @param attributes attribute ids by name: Name (TEXT), Amount (NUMBER), Due (DATE), Won (BOOLEAN), Stage (SELECT),
 *                   Partner (LINK)
 */
record AbuseFixture(String tenant, String token, String platformToken, String deals, String partners,
        Map<String, String> attributes, List<String> entities, String comment) {

    static AbuseFixture create(Api api) {
        String platformToken = api.token(null, "abuse-root", "platform-admin");
        String tenant = api.as(platformToken).document("mutation { registerTenant(name: \"Abuse\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get();
        String token = api.token(UUID.fromString(tenant), "abuser", "admin", "member", "operator");
        HttpGraphQlTester admin = api.as(token);
        String partners = collection(admin, "Partners");
        String partnerName = attribute(admin, partners, "{name: \"Name\", type: TEXT}");
        String deals = collection(admin, "Deals");
        Map<String, String> attributes = Map.of(
                "Name", attribute(admin, deals, "{name: \"Name\", type: TEXT, maxLength: 200}"),
                "Amount", attribute(admin, deals, "{name: \"Amount\", type: NUMBER}"),
                "Due", attribute(admin, deals, "{name: \"Due\", type: DATE}"),
                "Won", attribute(admin, deals, "{name: \"Won\", type: BOOLEAN}"),
                "Stage", attribute(admin, deals, "{name: \"Stage\", type: SELECT, options: [\"Lead\", \"Won\"]}"),
                "Partner", attribute(admin, deals, "{name: \"Partner\", type: LINK, targetCollectionId: \"" + partners
                        + "\", backlinkName: \"Deals\"}"));
        String partner = entity(admin, partners, "[{attribute: \"" + partnerName + "\", text: \"Acme\"}]");
        String first = entity(admin, deals, "[{attribute: \"Name\", text: \"First deal\"}, {attribute: \"Amount\", number: \"12.50\"},"
                + " {attribute: \"Due\", date: \"2030-01-31\"}, {attribute: \"Won\", boolean: false}, {attribute: \"Stage\", option: \"Lead\"}]");
        String second = entity(admin, deals, "[{attribute: \"Name\", text: \"Second deal\"}]");
        admin.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Partner\", targetId: $t) { sourceVersion } }")
                .variable("s", first).variable("t", partner).execute().path("linkEntities.sourceVersion").hasValue();
        String comment = admin.document("mutation($e: ID!) { addComment(entityId: $e, body: \"a comment\") { id } }")
                .variable("e", first).execute().path("addComment.id").entity(String.class).get();
        return new AbuseFixture(tenant, token, platformToken, deals, partners, attributes, List.of(first, second, partner),
                comment);
    }

    /** The fixture's values by the argument names that take them (see {@link Vocabulary}). */
    Vocabulary vocabulary() {
        List<Object> collections = List.of(deals, partners);
        List<Object> entityIds = List.copyOf(entities);
        List<Object> anyId = List.of(entities.get(0), entities.get(1), entities.get(2), deals, partners, comment, tenant);
        List<Object> attributeRefs = List.of(attributes.get("Name"), attributes.get("Amount"), attributes.get("Partner"),
                "Name", "amount", "Stage", "Partner");
        List<Object> jobParams = List.of(
                Map.of("format", "JSON", "data", "[{\"Name\": \"imported\"}]", "onError", "SKIP"),
                Map.of("format", "CSV", "data", "Name,Amount\nx,1\n", "onError", "FAIL", "keepPartial", true),
                Map.of("expression", "1 + 1", "target", attributes.get("Amount")),
                Map.of("function", "COUNT", "link", attributes.get("Partner"), "attribute", attributes.get("Amount"),
                        "target", attributes.get("Amount")),
                Map.of());
        return new Vocabulary(Map.ofEntries(
                Map.entry("collectionId", collections),
                Map.entry("targetCollectionId", collections),
                Map.entry("entityId", entityIds),
                Map.entry("sourceId", entityIds),
                Map.entry("targetId", entityIds),
                Map.entry("from", entityIds),
                Map.entry("commentId", List.of(comment)),
                Map.entry("id", anyId),
                Map.entry("attribute", attributeRefs),
                // never a real projector: a platform admin's rebuild would replay every event while other tests run
                Map.entry("projector", List.of("no-such-projector")),
                Map.entry("template", List.of("crm", "no-such-template")),
                Map.entry("params", jobParams)),
                Map.of("text", attributes.get("Name"), "number", attributes.get("Amount"), "boolean", attributes.get("Won"),
                        "date", attributes.get("Due"), "option", attributes.get("Stage")));
    }

    private static String collection(HttpGraphQlTester admin, String name) {
        return admin.document("mutation($n: String!) { createCollection(name: $n) { id } }").variable("n", name).execute()
                .path("createCollection.id").entity(String.class).get();
    }

    private static String attribute(HttpGraphQlTester admin, String collection, String input) {
        return admin.document("mutation($c: ID!) { defineAttribute(input: " + input.replace("{", "{collectionId: $c, ")
                        + ") { attributeId } }")
                .variable("c", collection).execute().path("defineAttribute.attributeId").entity(String.class).get();
    }

    private static String entity(HttpGraphQlTester admin, String collection, String values) {
        return admin.document("mutation($c: ID!) { createEntity(collectionId: $c, values: " + values + ", consistency: STRONG) { id } }")
                .variable("c", collection).execute().path("createEntity.id").entity(String.class).get();
    }
}

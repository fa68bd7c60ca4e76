package io.decidr.platform.hardening;

import io.decidr.platform.support.Api;
import java.util.Map;
import java.util.UUID;

/** A tenant of its own with a collection "Deals" (Name: TEXT, required; Amount: NUMBER) and its tokens. */
record Fixture(Api api, RawHttp http, UUID tenant, String collection, String admin, String member) {

    static Fixture create(int port, String name) {
        Api api = new Api(port);
        RawHttp http = new RawHttp(port);
        String root = api.token(null, "root", "platform-admin");
        UUID tenant = UUID.fromString((String) data(http.graphql(root,
                "mutation($n: String!) { registerTenant(name: $n) { id } }", Map.of("n", name)), "registerTenant", "id"));
        String admin = api.token(tenant, "ada", "admin", "member");
        String member = api.token(tenant, "bob", "member");
        String collection = (String) data(http.graphql(admin, "mutation { createCollection(name: \"Deals\") { id } }", null),
                "createCollection", "id");
        for (String attribute : new String[] {"name: \"Name\", type: TEXT, required: true", "name: \"Amount\", type: NUMBER"}) {
            data(http.graphql(admin, "mutation($c: ID!) { defineAttribute(input: {collectionId: $c, " + attribute
                    + "}) { attributeId } }", Map.of("c", collection)), "defineAttribute", "attributeId");
        }
        return new Fixture(api, http, tenant, collection, admin, member);
    }

    String token(String user, String... roles) {
        return api.token(tenant, user, roles);
    }

    /** Creates an entity named {@code name}; its id. */
    String entity(String name) {
        return (String) data(http.graphql(member, "mutation($c: ID!, $n: String!) { createEntity(collectionId: $c,"
                + " values: [{attribute: \"Name\", text: $n}], consistency: STRONG) { id } }",
                Map.of("c", collection, "n", name)), "createEntity", "id");
    }

    /** The value at {@code path} under {@code data}; fails with the whole reply when there were errors. */
    @SuppressWarnings("unchecked")
    static Object data(RawHttp.Reply reply, String... path) {
        Map<String, Object> body = reply.json();
        if (body.get("errors") != null || reply.status() != 200) {
            throw new AssertionError("expected data, got " + reply.status() + " " + reply.body());
        }
        Object node = body.get("data");
        for (String name : path) {
            node = ((Map<String, Object>) node).get(name);
        }
        return node;
    }
}

package io.decidr.platform.abuse;

import graphql.introspection.IntrospectionQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hostile documents that are about the document rather than one field: deep nesting (selections, introspection,
 * list literals), many operations, fragments, directives and variables, giant names, every query at once, costly
 * aliases over the fixture's pages, and lexical garbage.
 */
final class DocumentAbuse {

    private final List<String> authorization;
    private final String collectionId;
    private final String entityId;
    private final String everyQuery;
    private final List<AbuseCase> cases = new ArrayList<>();

    /**
     * @param everyQuery every Query field with valid arguments, as one selection set's content
     */
    DocumentAbuse(String authorization, String collectionId, String entityId, String everyQuery) {
        this.authorization = List.of(authorization);
        this.collectionId = collectionId;
        this.entityId = entityId;
        this.everyQuery = everyQuery;
    }

    List<AbuseCase> cases() {
        add("standard introspection query", IntrospectionQuery.INTROSPECTION_QUERY);
        add("introspection 50 levels deep", "{ __schema { types { " + "fields { type { ".repeat(25) + "name"
                + " } }".repeat(25) + " } } }");
        add("__type ofType 60 levels deep", "{ __type(name: \"Entity\") { " + "ofType { ".repeat(60) + "name"
                + " }".repeat(60) + " } }");
        add("4000 nested braces", "{ me " + "{ a ".repeat(4_000) + "}".repeat(4_001));
        add("3000 nested list literal", "{ entity(id: " + "[".repeat(3_000) + "\"x\"" + "]".repeat(3_000) + ") { id } }");
        add("3000 nested object literal", "{ entities(collectionId: \"x\", filter: " + "{attribute: ".repeat(1_500)
                + "\"x\"" + "}".repeat(1_500) + ") { edges { cursor } } }");
        add("1000 @include directives", "{ me " + "@include(if: true) ".repeat(1_000) + "{ user } }");
        add("unknown directive", "{ me @nope { user } }");
        add("directive argument of the wrong type", "{ me @skip(if: \"yes\") { user } }");
        add("@defer and @stream", "{ me { ... @defer { user } roles @stream(initialCount: 0) } }");
        StringBuilder variables = new StringBuilder("query(");
        for (int i = 0; i < 1_000; i++) {
            variables.append("$v").append(i).append(": Int ");
        }
        add("1000 unused variables", variables.append(") { me { user } }").toString());
        StringBuilder operations = new StringBuilder();
        for (int i = 0; operations.length() < 18_000; i++) {
            operations.append("query q").append(i).append(" { me { user } } ");
        }
        add("hundreds of operations, no operationName", operations.toString());
        StringBuilder fragments = new StringBuilder("{ me { ...f0 } } ");
        for (int i = 0; fragments.length() < 18_000; i++) {
            fragments.append("fragment f").append(i).append(" on Me { user ...f").append(i + 1).append(" } ");
        }
        add("a chain of hundreds of fragments (the last undefined)", fragments.toString());
        add("fragment spreading itself", "{ me { ...f } } fragment f on Me { user ...f }");
        add("fragment on the wrong type", "{ ...f } fragment f on Mutation { createCollection(name: \"x\") { id } }");
        add("10k-char field name", "{ " + "f".repeat(10_000) + " }");
        add("10k-char alias", "{ " + "a".repeat(10_000) + ": me { user } }");
        add("10k-char operation name", "query " + "o".repeat(10_000) + " { me { user } }");
        add("a document of only a comment", "#" + "c".repeat(18_000));
        add("empty document", "");
        add("whitespace document", " \n\t ");
        add("empty selection set", "{}");
        add("bare query keyword", "query");
        add("unterminated string", "{ entity(id: \"abc) { id } }");
        add("invalid string escape", "{ entity(id: \"\\uZZZZ\") { id } }");
        add("18k-char block string", "{ entity(id: \"\"\"" + "b".repeat(18_000) + "\"\"\") { id } }");
        add("NUL character in the document", "{ me\u0000 { user } }");
        add("unbalanced braces", "{ me { user } } }");
        add("two root fields in a subscription", "subscription { entityChanged(collectionId: \"" + collectionId
                + "\") { id } computeJobProgress(id: \"" + collectionId + "\") { id } }");
        add("introspection in a subscription", "subscription { __typename }");
        add("anonymous and named operations together", "{ me { user } } query Named { me { user } }");
        add("subselection on a scalar", "{ me { user { length } } }");
        add("missing subselection", "{ me }");
        add("1500 aliases of __typename", aliases(1_500, "__typename"));
        add("every query at once", "{ " + everyQuery + " }");
        add("100 aliases of a page of 1000 entities with their history and comments", aliases(100,
                "entities(collectionId: \"" + collectionId + "\", first: 1000) { edges { node { id values { text number } "
                        + "history(first: 1000) { nodes { type } } comments(first: 1000) { nodes { body } } } } }"));
        add("100 aliases of a 5-hop traversal", aliases(100,
                "traverse(from: \"" + entityId + "\", attribute: \"Partner\", depth: 5) { depth entities { id values { text } } }"));
        add("100 aliases of as-of reads", aliases(100, "entity(id: \"" + entityId + "\") { asOf(version: 1) { version values { text } } }"));
        add("200 aliases of history of 2^31-1 events", aliases(200,
                "history(kind: ENTITY, id: \"" + entityId + "\", first: 2147483647) { events { type data } }"));
        return cases;
    }

    private static String aliases(int count, String field) {
        StringBuilder document = new StringBuilder("{ ");
        for (int i = 0; i < count; i++) {
            document.append('a').append(i).append(": ").append(field).append(' ');
        }
        return document.append('}').toString();
    }

    private void add(String how, String document) {
        cases.add(new AbuseCase("document", how, HttpCall.post("/graphql", "application/json",
                JsonBodies.bytes(JsonBodies.operation(document, Map.of())), authorization, false)));
    }
}

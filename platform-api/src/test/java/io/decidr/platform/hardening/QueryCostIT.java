package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.platform.support.PlatformTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** The cost of a request scales with the sizes it asks for; aliases are capped; links are paged; hops are capped. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCostIT extends PlatformTest {

    @Autowired
    CqlSession cassandra;

    Fixture fixture;
    String first;

    @BeforeAll
    void tenant() {
        fixture = Fixture.create(port, "Costs");
        first = fixture.entity("first");
    }

    @Test
    void many_aliases_of_a_large_page_are_refused_before_anything_is_read() {
        String aliases = IntStream.range(0, 150).mapToObj(i -> "a" + i + ": entities(collectionId: $c, first: 200) { ...f }")
                .collect(Collectors.joining("\n"));
        RawHttp.Reply reply = fixture.http().graphql(fixture.member(), "query($c: ID!) {" + aliases + "}\n"
                + "fragment f on EntityConnection { edges { node { id asOf(version: 1) { version }"
                + " history(first: 200) { nodes { version } } } } }", Map.of("c", fixture.collection()));
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.extensions()).containsEntry("field", "query").containsKey("maxAliases");
    }

    @Test
    void a_chain_of_hundreds_of_fragments_is_refused_before_it_is_validated() {
        // ApiAbuseIT's document: validating it took graphql-java seconds (n³ in the chain's length), on an event loop
        StringBuilder chain = new StringBuilder("{ me { ...f0 } } ");
        for (int i = 0; chain.length() < 18_000; i++) {
            chain.append("fragment f").append(i).append(" on Me { user ...f").append(i + 1).append(" } ");
        }
        RawHttp.Reply reply = fixture.http().graphql(fixture.member(), chain.toString(), Map.of());
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.extensions()).containsEntry("field", "query").containsEntry("fragments", 492)
                .containsEntry("maxFragments", 100);
    }

    @Test
    void the_cost_multiplies_page_sizes_and_nesting() {
        String nested = "query($c: ID!) { entities(collectionId: $c, first: 200) { edges { node { id"
                + " history(first: 200) { nodes { version } } } } } }";
        RawHttp.Reply refused = fixture.http().graphql(fixture.member(), nested, Map.of("c", fixture.collection()));
        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.extensions()).containsEntry("field", "query").containsEntry("maxCost", 10_000);
        assertThat(((Number) refused.extensions().get("cost")).longValue()).isGreaterThan(40_000);

        String smaller = nested.replace("history(first: 200)", "history(first: 10)");
        RawHttp.Reply served = fixture.http().graphql(fixture.member(), smaller, Map.of("c", fixture.collection()));
        assertThat((List<?>) Fixture.data(served, "entities", "edges")).isNotEmpty();
    }

    @Test
    void the_cost_counts_variables_and_few_aliases_of_cheap_fields_pass() {
        String document = "query($c: ID!, $n: Int) { a: entities(collectionId: $c, first: $n) { edges { node { id"
                + " comments(first: $n) { nodes { body } } } } } b: collection(id: $c) { name } }";
        RawHttp.Reply refused = fixture.http().graphql(fixture.member(), document, Map.of("c", fixture.collection(), "n", 200));
        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        RawHttp.Reply served = fixture.http().graphql(fixture.member(), document, Map.of("c", fixture.collection(), "n", 20));
        assertThat(Fixture.data(served, "b", "name")).isEqualTo("Deals");
    }

    @Test
    void links_and_backlinks_come_a_page_at_a_time() {
        String attribute = (String) Fixture.data(fixture.http().graphql(fixture.admin(), "mutation($c: ID!) { defineAttribute("
                + "input: {collectionId: $c, name: \"Peers\", type: LINK, targetCollectionId: $c, backlinkName: \"PeerOf\"})"
                + " { attributeId } }", Map.of("c", fixture.collection())), "defineAttribute", "attributeId");
        String hub = fixture.entity("hub");
        List<String> targets = IntStream.range(0, 3).mapToObj(i -> fixture.entity("peer " + i)).toList();
        for (String target : targets) {
            Fixture.data(fixture.http().graphql(fixture.member(), "mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s,"
                    + " attribute: \"Peers\", targetId: $t, consistency: STRONG) { sourceVersion } }",
                    Map.of("s", hub, "t", target)), "linkEntities", "sourceVersion");
        }
        String page = "query($e: ID!, $after: String) { entity(id: $e) { links(first: 2, after: $after) { nodes { attributeId"
                + " targetId } pageInfo { hasNextPage endCursor } } } }";
        Map<String, Object> firstPage = links(page, Map.of("e", hub));
        assertThat((List<?>) firstPage.get("nodes")).hasSize(2);
        Map<?, ?> info = (Map<?, ?>) firstPage.get("pageInfo");
        assertThat(info.get("hasNextPage")).isEqualTo(true);
        Map<String, Object> secondPage = links(page, Map.of("e", hub, "after", info.get("endCursor")));
        assertThat((List<?>) secondPage.get("nodes")).hasSize(1);
        assertThat(((Map<?, ?>) secondPage.get("pageInfo")).get("hasNextPage")).isEqualTo(false);
        List<Object> seen = new java.util.ArrayList<>();
        for (Map<String, Object> p : List.of(firstPage, secondPage)) {
            for (Object node : (List<?>) p.get("nodes")) {
                seen.add(((Map<?, ?>) node).get("targetId"));
                assertThat(((Map<?, ?>) node).get("attributeId")).isEqualTo(attribute);
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(targets);

        Object backlinks = Fixture.data(fixture.http().graphql(fixture.member(), "query($e: ID!) { entity(id: $e) {"
                + " backlinks(first: 5) { nodes { sourceId } pageInfo { hasNextPage } } } }", Map.of("e", targets.getFirst())),
                "entity", "backlinks");
        assertThat(backlinks.toString()).contains(hub).contains("hasNextPage=false");
    }

    @Test
    void a_hop_over_its_cap_is_refused() {
        // 1,001 backlinks written straight into the read model: more than the link sagas of a test could make
        String attribute = (String) Fixture.data(fixture.http().graphql(fixture.admin(), "mutation($c: ID!) { defineAttribute("
                + "input: {collectionId: $c, name: \"Fans\", type: LINK, targetCollectionId: $c, backlinkName: \"Idol\"})"
                + " { attributeId } }", Map.of("c", fixture.collection())), "defineAttribute", "attributeId");
        String star = fixture.entity("star");
        var insert = cassandra.prepare("INSERT INTO links_by_target (tenant_id, target_id, bucket, source_attribute_id,"
                + " source_id, source_collection_id) VALUES (?, ?, ?, ?, ?, ?)");
        for (int i = 0; i <= 1_000; i++) {
            cassandra.execute(insert.bind(fixture.tenant(), UUID.fromString(star), i % 16, UUID.fromString(attribute),
                    UUID.randomUUID(), UUID.fromString(fixture.collection())));
        }
        RawHttp.Reply reply = fixture.http().graphql(fixture.member(), "query($e: ID!) { traverse(from: $e, attribute:"
                + " \"Fans\", direction: IN) { depth entities { id } } }", Map.of("e", star));
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.body()).contains("more than 1000 entities");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> links(String document, Map<String, Object> variables) {
        return (Map<String, Object>) Fixture.data(fixture.http().graphql(fixture.member(), document, variables), "entity", "links");
    }
}

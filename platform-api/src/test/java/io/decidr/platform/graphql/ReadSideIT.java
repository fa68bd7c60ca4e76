package io.decidr.platform.graphql;

import static io.decidr.platform.support.Api.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StreamId;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.decidr.projections.runtime.ManagedProjector;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Queries served from the Cassandra read models, fed by the projectors, end to end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadSideIT extends PlatformTest {

    @Autowired
    EntityHandler entities;

    @Autowired
    ProjectorRole projectors;

    @Autowired
    PostgresEventStore store;

    @Autowired
    MeterRegistry meters;

    Api api;
    UUID tenant;
    HttpGraphQlTester member;
    String companies;
    String contacts;
    /** Only the paging test adds entities here, so it knows exactly which exist. */
    String accounts;
    /** Only the archived-paging test adds entities here. */
    String archive;

    @BeforeAll
    void crm() {
        api = new Api(port);
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Readers\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        companies = companyLike(admin, "Companies");
        accounts = companyLike(admin, "Accounts");
        archive = companyLike(admin, "Archive");
        contacts = WritePathIT.id(admin.document("mutation { createCollection(name: \"Contacts\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!, $t: ID!) { defineAttribute(input: {collectionId: $c, name: \"Employer\", type: LINK, targetCollectionId: $t, backlinkName: \"Staff\"}) { attributeId } }")
                .variable("c", contacts).variable("t", companies).execute().path("defineAttribute.attributeId").hasValue();
    }

    private static String companyLike(HttpGraphQlTester admin, String name) {
        String collection = WritePathIT.id(admin.document("mutation($n: String!) { createCollection(name: $n) { id } }")
                .variable("n", name).execute(), "createCollection.id");
        for (String attribute : List.of(
                "{collectionId: $c, name: \"Name\", type: TEXT, required: true}",
                "{collectionId: $c, name: \"Tier\", type: SELECT, options: [\"gold\", \"silver\", \"bronze\"]}",
                "{collectionId: $c, name: \"Revenue\", type: NUMBER}")) {
            admin.document("mutation($c: ID!) { defineAttribute(input: " + attribute + ") { attributeId } }")
                    .variable("c", collection).execute().path("defineAttribute.attributeId").hasValue();
        }
        return collection;
    }

    /** Waits (bounded) until every projector has applied every committed event. */
    void awaitProjected() {
        Flux.fromIterable(projectors.projectors())
                .concatMap(projector -> Mono.defer(projector::status)
                        .filter(status -> status.eventsBehind() == 0)
                        .repeatWhenEmpty(times -> times.delayElements(Duration.ofMillis(20)))
                        .timeout(Duration.ofSeconds(60)))
                .blockLast();
    }

    @Test
    void paging_through_a_thousand_entities_gives_each_exactly_once_and_filters_narrow_it() {
        Requester requester = new Requester(new TenantId(tenant), new Actor(new UserId("loader"), Set.of(Role.MEMBER)));
        String[] tiers = {"gold", "silver", "bronze", "silver"};
        Set<String> created = new HashSet<>(Flux.range(0, 1_000)
                .flatMap(i -> entities.create(requester, CollectionId.parse(accounts, "c"), List.of(
                        new ValueInput("Name", new TextValue("Company " + i)),
                        new ValueInput("Tier", new SelectValue(tiers[i % 4])),
                        new ValueInput("Revenue", new NumberValue(new BigDecimal(i + ".50")))),
                        UUID.randomUUID()), 8)
                .map(result -> result.id().toString())
                .collectList().block());
        assertThat(created).hasSize(1_000);
        awaitProjected();

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            GraphQlTester.Response page = member.document("""
                    query($c: ID!, $after: String) { entities(collectionId: $c, first: 100, after: $after) {
                      edges { node { id } } pageInfo { hasNextPage endCursor } } }""")
                    .variable("c", accounts).variable("after", after).execute();
            seen.addAll(page.path("entities.edges[*].node.id").entityList(String.class).get());
            boolean more = page.path("entities.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = more ? page.path("entities.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (after != null && pages < 50);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);

        GraphQlTester.Response goldPage = member.document("""
                query($c: ID!, $after: String) { entities(collectionId: $c, filter: [{attribute: "Tier", option: "gold"}], first: 200, after: $after) {
                  edges { node { id values { attributeId option } } } pageInfo { hasNextPage endCursor } } }""")
                .variable("c", accounts).variable("after", null).execute();
        List<String> gold = new ArrayList<>(goldPage.path("entities.edges[*].node.id").entityList(String.class).get());
        goldPage.path("entities.edges[*].node.values[*].option").entityList(String.class)
                .satisfies(options -> assertThat(options).contains("gold").doesNotContain("silver", "bronze"));
        goldPage.path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        gold.addAll(member.document("""
                query($c: ID!, $after: String) { entities(collectionId: $c, filter: [{attribute: "Tier", option: "gold"}], first: 200, after: $after) {
                  edges { node { id } } } }""")
                .variable("c", accounts)
                .variable("after", goldPage.path("entities.pageInfo.endCursor").entity(String.class).get())
                .execute().path("entities.edges[*].node.id").entityList(String.class).get());
        assertThat(gold).hasSize(250).doesNotHaveDuplicates();
        List<String> exact = member.document("""
                query($c: ID!) { entities(collectionId: $c, filter: [{attribute: "Tier", option: "silver"}, {attribute: "revenue", number: "41.5"}]) {
                  edges { node { id } } } }""")
                .variable("c", accounts).execute()
                .path("entities.edges[*].node.id").entityList(String.class).get();
        assertThat(exact).hasSize(1);

        rejected(member.document("query($c: ID!) { entities(collectionId: $c, first: 1000) { edges { node { id } } } }")
                .variable("c", accounts).execute(), "VALIDATION_FAILED");
        rejected(member.document("query($c: ID!) { entities(collectionId: $c, after: \"bm90LWEtY3Vyc29y\") { edges { node { id } } } }")
                .variable("c", accounts).execute(), "VALIDATION_FAILED");
    }

    @Test
    void pages_leave_archived_entities_out_unless_asked_and_every_live_one_comes_exactly_once() {
        Requester requester = new Requester(new TenantId(tenant), new Actor(new UserId("loader"), Set.of(Role.MEMBER)));
        List<EntityId> made = Flux.range(0, 90)
                .flatMap(i -> entities.create(requester, CollectionId.parse(archive, "c"), List.of(
                        new ValueInput("Name", new TextValue("Old " + i))), UUID.randomUUID()), 8)
                .map(result -> new EntityId(result.id()))
                .collectList().block();
        // every other one archived: most pages then meet archived rows in the middle of what they read
        Set<String> archived = new HashSet<>();
        for (int i = 0; i < made.size(); i += 2) {
            entities.archive(requester, made.get(i), UUID.randomUUID()).block();
            archived.add(made.get(i).value().toString());
        }
        awaitProjected();

        List<String> live = pageThrough(false, 7);
        assertThat(live).doesNotHaveDuplicates().hasSize(45).doesNotContainAnyElementsOf(archived);
        List<String> all = pageThrough(true, 7);
        assertThat(all).doesNotHaveDuplicates().hasSize(90).containsAll(archived);
        assertThat(pageThrough(false, 200)).containsExactlyInAnyOrderElementsOf(live);
    }

    private List<String> pageThrough(boolean includeArchived, int size) {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            GraphQlTester.Response page = member.document("""
                    query($c: ID!, $a: Boolean, $n: Int, $after: String) { entities(collectionId: $c, includeArchived: $a, first: $n, after: $after) {
                      edges { node { id archived } } pageInfo { hasNextPage endCursor } } }""")
                    .variable("c", archive).variable("a", includeArchived).variable("n", size).variable("after", after)
                    .execute();
            List<String> ids = page.path("entities.edges[*].node.id").entityList(String.class).get();
            if (!includeArchived) {
                page.path("entities.edges[*].node.archived").entityList(Boolean.class)
                        .satisfies(flags -> assertThat(flags).doesNotContain(true));
            }
            assertThat(ids.size()).isLessThanOrEqualTo(size);
            seen.addAll(ids);
            boolean more = page.path("entities.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = more ? page.path("entities.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (after != null && pages < 100);
        assertThat(after).as("paging ends").isNull();
        return seen;
    }

    @Test
    void an_entity_shows_its_values_links_backlinks_comments_and_history() {
        String initech = WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"Initech\"}]) { id } }")
                .variable("c", companies).execute(), "createEntity.id");
        String peter = WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c) { id } }")
                .variable("c", contacts).execute(), "createEntity.id");
        member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Revenue\", number: \"12.50\"}) { version } }")
                .variable("e", initech).execute().path("setValue.version").hasValue();
        member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceVersion } }")
                .variable("s", peter).variable("t", initech).execute().path("linkEntities.sourceVersion").hasValue();
        for (String body : List.of("first", "second", "third")) {
            member.document("mutation($e: ID!, $b: String!) { addComment(entityId: $e, body: $b) { id } }")
                    .variable("e", initech).variable("b", body).execute().path("addComment.id").hasValue();
        }
        awaitProjected();

        GraphQlTester.Response company = member.document("""
                query($id: ID!) { entity(id: $id) { id archived version
                  values { attributeId text number }
                  backlinks { nodes { sourceId targetId } }
                  comments(first: 2) { nodes { body author } pageInfo { hasNextPage endCursor } }
                  history(first: 10) { nodes { version type actor value { number } previous { number } } } } }""")
                .variable("id", initech).execute();
        company.path("entity.version").entity(Integer.class).isEqualTo(3);
        company.path("entity.values[*].text").entityList(String.class).contains("Initech");
        company.path("entity.values[*].number").entityList(String.class).contains("12.50");
        company.path("entity.backlinks.nodes[0].sourceId").entity(String.class).isEqualTo(peter);
        company.path("entity.comments.nodes[*].body").entityList(String.class).containsExactly("third", "second");
        company.path("entity.comments.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        company.path("entity.history.nodes[*].type").entityList(String.class)
                .containsExactly("entity.backlink-added", "entity.value-set", "entity.created");
        company.path("entity.history.nodes[1].value.number").entity(String.class).isEqualTo("12.50");
        company.path("entity.history.nodes[1].actor").entity(String.class).isEqualTo("bob");

        String cursor = company.path("entity.comments.pageInfo.endCursor").entity(String.class).get();
        member.document("query($id: ID!, $after: String) { entity(id: $id) { comments(first: 2, after: $after) { nodes { body } pageInfo { hasNextPage } } } }")
                .variable("id", initech).variable("after", cursor).execute()
                .path("entity.comments.nodes[*].body").entityList(String.class).containsExactly("first");

        GraphQlTester.Response past = member.document("""
                query($id: ID!) { entity(id: $id) { v1: asOf(version: 1) { version values { text number } }
                                                    v2: asOf(version: 2) { version values { number } } } }""")
                .variable("id", initech).execute();
        past.path("entity.v1.version").entity(Integer.class).isEqualTo(1);
        past.path("entity.v1.values[*].text").entityList(String.class).containsExactly("Initech");
        past.path("entity.v1.values[*].number").entityList(String.class).doesNotContain("12.50");
        past.path("entity.v2.values[*].number").entityList(String.class).contains("12.50");
        rejected(member.document("query($id: ID!) { entity(id: $id) { asOf(at: \"2000-01-01T00:00:00Z\") { version } } }")
                .variable("id", initech).execute(), "NOT_FOUND");
        rejected(member.document("query($id: ID!) { entity(id: $id) { asOf(version: 1, at: \"2000-01-01T00:00:00Z\") { version } } }")
                .variable("id", initech).execute(), "VALIDATION_FAILED");
        member.document("query($id: ID!) { entity(id: $id) { asOf(version: 2) { links { targetId } } } }").variable("id", peter)
                .execute().path("entity.asOf.links[0].targetId").entity(String.class).isEqualTo(initech);

        member.document("query($id: ID!) { entity(id: $id) { links { nodes { sourceId targetId } } } }").variable("id", peter).execute()
                .path("entity.links.nodes[0].targetId").entity(String.class).isEqualTo(initech);
        member.document("{ collections { name attributes { name type options targetCollectionId } } }").execute()
                .path("collections[*].name").entityList(String.class).contains("Accounts", "Companies", "Contacts");
        member.document("{ tenant { name suspended } }").execute().path("tenant.name").entity(String.class).isEqualTo("Readers");
    }

    @Test
    void a_three_hop_traversal_follows_links_out_and_in_without_revisiting() {
        HttpGraphQlTester admin = api.as(api.token(tenant, "ada", "admin", "member"));
        String people = WritePathIT.id(admin.document("mutation { createCollection(name: \"People\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Reports to\", type: LINK, targetCollectionId: $c, backlinkName: \"Reports\"}) { attributeId } }")
                .variable("c", people).execute().path("defineAttribute.attributeId").hasValue();
        // ceo <- vp <- (lead1, lead2) <- dev ; dev also reports to ceo (a shortcut: reached at hop 1 inwards)
        String ceo = person(people);
        String vp = person(people);
        String lead1 = person(people);
        String lead2 = person(people);
        String dev = person(people);
        reportsTo(vp, ceo);
        reportsTo(lead1, vp);
        reportsTo(lead2, vp);
        reportsTo(dev, lead1);
        reportsTo(dev, ceo);
        String intern = person(people);
        reportsTo(intern, dev);
        awaitProjected();

        GraphQlTester.Response inwards = member.document("""
                query($from: ID!) { traverse(from: $from, attribute: "reports to", direction: IN, depth: 3) { depth entities { id } } }""")
                .variable("from", ceo).execute();
        inwards.path("traverse[*].depth").entityList(Integer.class).containsExactly(1, 2);
        assertThat(inwards.path("traverse[0].entities[*].id").entityList(String.class).get()).containsExactlyInAnyOrder(vp, dev);
        assertThat(inwards.path("traverse[1].entities[*].id").entityList(String.class).get())
                .containsExactlyInAnyOrder(lead1, lead2, intern);

        GraphQlTester.Response outwards = member.document("""
                query($from: ID!) { traverse(from: $from, attribute: "Reports to", depth: 3) { depth entities { id } } }""")
                .variable("from", dev).execute();
        assertThat(outwards.path("traverse[0].entities[*].id").entityList(String.class).get()).containsExactlyInAnyOrder(lead1, ceo);
        outwards.path("traverse[1].entities[*].id").entityList(String.class).containsExactly(vp);
        outwards.path("traverse[*].depth").entityList(Integer.class).containsExactly(1, 2);

        GraphQlTester.Response threeHops = member.document("""
                query($from: ID!) { traverse(from: $from, attribute: "Reports to", direction: OUT, depth: 3) { depth entities { id } } }""")
                .variable("from", intern).execute();
        threeHops.path("traverse[*].depth").entityList(Integer.class).containsExactly(1, 2, 3);
        threeHops.path("traverse[0].entities[*].id").entityList(String.class).containsExactly(dev);
        assertThat(threeHops.path("traverse[1].entities[*].id").entityList(String.class).get()).containsExactlyInAnyOrder(lead1, ceo);
        threeHops.path("traverse[2].entities[*].id").entityList(String.class).containsExactly(vp);

        rejected(member.document("query($from: ID!) { traverse(from: $from, attribute: \"Reports to\", depth: 6) { depth } }")
                .variable("from", dev).execute(), "VALIDATION_FAILED");
        rejected(member.document("query($from: ID!) { traverse(from: $from, attribute: \"Name\") { depth } }")
                .variable("from", dev).execute(), "VALIDATION_FAILED");
    }

    private String person(String people) {
        return WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c) { id } }")
                .variable("c", people).execute(), "createEntity.id");
    }

    private void reportsTo(String who, String boss) {
        member.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Reports to\", targetId: $t) { sourceVersion } }")
                .variable("s", who).variable("t", boss).execute().path("linkEntities.sourceVersion").hasValue();
    }

    @Test
    void another_tenants_ids_are_not_found_on_the_read_side() {
        String theirs = WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"Private\"}]) { id } }")
                .variable("c", companies).execute(), "createEntity.id");
        awaitProjected();
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID other = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Snoopers\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester snooper = api.as(api.token(other, "eve", "admin", "member"));
        awaitProjected();

        rejected(snooper.document("query($id: ID!) { entity(id: $id) { id } }").variable("id", theirs).execute(), "NOT_FOUND");
        rejected(snooper.document("query($id: ID!) { collection(id: $id) { id } }").variable("id", companies).execute(), "NOT_FOUND");
        rejected(snooper.document("query($c: ID!) { entities(collectionId: $c) { edges { node { id } } } }").variable("c", companies)
                .execute(), "NOT_FOUND");
        snooper.document("{ collections { id } }").execute().path("collections").entityList(Object.class).hasSize(0);
        snooper.document("{ tenant { name } }").execute().path("tenant.name").entity(String.class).isEqualTo("Snoopers");
    }

    @Test
    void a_strong_mutation_answers_once_queries_show_it_and_times_out_with_the_write_committed() {
        String entity = WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"Before\"}], consistency: STRONG) { id } }")
                .variable("c", companies).execute(), "createEntity.id");
        for (int i = 0; i < 5; i++) {
            member.document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $n}, consistency: STRONG) { version } }")
                    .variable("e", entity).variable("n", "After " + i).execute().path("setValue.version").entity(Integer.class).isEqualTo(i + 2);
            member.document("query($id: ID!) { entity(id: $id) { version values { text } } }").variable("id", entity).execute()
                    .path("entity.values[0].text").entity(String.class).isEqualTo("After " + i);
        }

        ManagedProjector entities = projectors.named("entities").orElseThrow();
        long epoch = projectors.leases().get("entities");
        entities.close();
        try {
            var error = rejected(member.document("mutation($e: ID!) { setValue(entityId: $e, value: {attribute: \"Name\", text: \"Unseen\"}, consistency: STRONG) { version } }")
                    .variable("e", entity).execute(), "CONSISTENCY_TIMEOUT");
            assertThat(error.getExtensions()).containsEntry("committed", true).containsEntry("version", 7);
        } finally {
            // this process still holds the lease: its projector starts again under the same epoch
            entities.start(epoch).block(Duration.ofSeconds(30));
        }
        awaitProjected();
        member.document("query($id: ID!) { entity(id: $id) { version values { text } } }").variable("id", entity).execute()
                .path("entity.values[0].text").entity(String.class).isEqualTo("Unseen");
    }

    @Test
    void a_poison_event_is_parked_and_operators_of_its_tenant_list_retry_and_skip_it() {
        StreamId poisoned = StreamId.of("entity", tenant, UUID.randomUUID());
        UUID eventId = UUID.randomUUID();
        store.append(new AppendRequest("test", tenant, poisoned, 0,
                List.of(new NewEvent(eventId, "entity.from-the-future", 1, "{}")),
                EventMetadata.direct(UUID.randomUUID(), "time-traveller"))).block();
        HttpGraphQlTester operator = api.as(api.token(tenant, "ops", "operator"));
        String parkedQuery = "{ projectors { name parked { streamId version eventId type error attempts } } }";
        Api.eventually(() -> operator.document(parkedQuery).execute()
                .path("projectors[?(@.name == 'entities')].parked[*].eventId").entityList(String.class).get()
                .contains(eventId.toString()), Duration.ofSeconds(30), "the poison event to be parked");
        GraphQlTester.Response listed = operator.document(parkedQuery).execute();
        listed.path("projectors[?(@.name == 'entities')].parked[0].error").entityList(String.class)
                .satisfies(errors -> assertThat(errors.getFirst()).startsWith("PROJECTION_FAILED: "));
        listed.path("projectors[?(@.name == 'entities')].parked[0].attempts").entityList(Integer.class).containsExactly(3);

        HttpGraphQlTester strangerOperator = api.as(api.token(UUID.randomUUID(), "other-ops", "operator"));
        strangerOperator.document(parkedQuery).execute()
                .path("projectors[?(@.name == 'entities')].parked[*].eventId").entityList(String.class).hasSize(0);
        rejected(strangerOperator.document("mutation($s: String!, $e: ID!) { skipParkedEvent(projector: \"entities\", streamId: $s, eventId: $e) }")
                .variable("s", poisoned.value()).variable("e", eventId.toString()).execute(), "NOT_FOUND");
        rejected(member.document("mutation($s: String!) { retryParkedEvents(projector: \"entities\", streamId: $s) }")
                .variable("s", poisoned.value()).execute(), "FORBIDDEN");

        operator.document("mutation($s: String!) { retryParkedEvents(projector: \"entities\", streamId: $s) }")
                .variable("s", poisoned.value()).execute().path("retryParkedEvents").entity(Integer.class).isEqualTo(0);
        operator.document("mutation($s: String!, $e: ID!) { skipParkedEvent(projector: \"entities\", streamId: $s, eventId: $e) }")
                .variable("s", poisoned.value()).variable("e", eventId.toString()).execute()
                .path("skipParkedEvent").entity(Boolean.class).isEqualTo(true);
        operator.document(parkedQuery).execute()
                .path("projectors[?(@.name == 'entities')].parked[*].eventId").entityList(String.class)
                .satisfies(ids -> assertThat(ids).doesNotContain(eventId.toString()));
    }

    @Test
    void a_subscriber_is_told_of_changes_once_the_read_model_holds_them() {
        String entity = WritePathIT.id(member.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"Watched\"}]) { id } }")
                .variable("c", companies).execute(), "createEntity.id");
        awaitProjected();
        WebSocketGraphQlClient client = api.socket(api.token(tenant, "watcher", "member"));
        BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        Disposable subscription = client.document("subscription($c: ID!) { entityChanged(collectionId: $c) { id version values { text } } }")
                .variable("c", companies)
                .executeSubscription()
                .subscribe(response -> received.add(response.field("entityChanged").toEntity(Map.class)),
                        failed::add);
        try {
            // another collection's change is not pushed; ours is, with the value the read model now holds
            // the subscription goes live asynchronously: keep changing the value until a change is pushed
            AtomicInteger round = new AtomicInteger();
            Api.eventually(() -> {
                member.document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $n}) { version } }")
                        .variable("e", entity).variable("n", "Changed " + round.incrementAndGet()).execute()
                        .path("setValue.version").hasValue();
                assertThat(failed).as("subscription failures").isEmpty();
                return !received.isEmpty();
            }, Duration.ofSeconds(30), "a pushed change");
            Map<String, Object> change = received.poll();
            assertThat(change).containsEntry("id", entity);
            assertThat(change.get("values").toString()).contains("Changed ");
            String storedVersion = member.document("query($id: ID!) { entity(id: $id) { version } }").variable("id", entity)
                    .execute().path("entity.version").entity(String.class).get();
            assertThat(Integer.parseInt(storedVersion)).isGreaterThanOrEqualTo((Integer) change.get("version"));
        } finally {
            subscription.dispose();
            client.stop().block(Duration.ofSeconds(10));
        }

        // without a token the server closes the connection at connection_init (graphql-ws: 4401 Unauthorized)
        AtomicReference<CloseStatus> closed = new AtomicReference<>();
        // connects again after 6 s without an answer, as graphql-ws clients do: under CPU saturation the server has
        // been seen to leave connection_init unanswered (an open defect, see WebSocketLimitsIT)
        for (int attempt = 1; attempt <= 3 && closed.get() == null; attempt++) {
        AtomicReference<CloseStatus> got = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean unanswered = new java.util.concurrent.atomic.AtomicBoolean();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/graphql"), new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return List.of("graphql-transport-ws");
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return session.send(Mono.just(session.textMessage("{\"type\":\"connection_init\",\"payload\":{}}")))
                        .thenMany(session.receive())
                        .then(session.closeStatus().doOnNext(got::set).then());
            }
        }).timeout(Duration.ofSeconds(6), Mono.fromRunnable(() -> unanswered.set(true))).block(Duration.ofSeconds(20));
        // a close that follows our own giving up is not the server's answer
        if (!unanswered.get()) {
            closed.set(got.get());
        }
        }
        assertThat(closed.get()).isNotNull();
        assertThat(closed.get().getCode()).isEqualTo(4401);
    }

    @Test
    void operators_see_the_projectors_caught_up() {
        awaitProjected();
        HttpGraphQlTester operator = api.as(api.token(tenant, "ops", "operator"));
        operator.document("{ projectors { name running eventsBehind parkedEvents } }").execute()
                .path("projectors[*].name").entityList(String.class)
                .containsExactly("tenants", "collections", "entities", "comments", "jobs");
        rejected(member.document("{ projectors { name } }").execute(), "FORBIDDEN");
        assertThat(projectors.projectors()).allSatisfy(p -> assertThat(p.position()).isNotNull());
        assertThat(projectors.named("entities")).map(ManagedProjector::name).contains("entities");
        Api.eventually(() -> {
            var gauge = meters.find("decidr.projector.lag.events").tag("projector", "entities").gauge();
            return gauge != null && gauge.value() == 0.0;
        }, Duration.ofSeconds(30), "the lag gauge to report a caught-up projector");
        assertThat(meters.find("decidr.projector.lag.seconds").gauges()).hasSize(5);
        assertThat(meters.find("decidr.projector.lag.events").gauges()).hasSize(5);
    }

    @Test
    void a_platform_admin_rebuilds_a_projector_into_a_new_generation_while_queries_answer() {
        awaitProjected();
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        HttpGraphQlTester operator = api.as(api.token(tenant, "ops", "operator"));
        String before = member.document("{ collections { id name } }").execute().path("collections").entity(Object.class).get().toString();
        int from = projectors.named("collections").orElseThrow().generation();

        rejected(operator.document("mutation { rebuildProjector(projector: \"collections\") { generation } }").execute(), "FORBIDDEN");
        rejected(platformAdmin.document("mutation { rebuildProjector(projector: \"nope\") { generation } }").execute(), "NOT_FOUND");
        platformAdmin.document("mutation { rebuildProjector(projector: \"collections\") { generation state startedAt } }").execute()
                .path("rebuildProjector.generation").entity(Integer.class).isEqualTo(from + 1)
                .path("rebuildProjector.state").entity(String.class).isEqualTo("BUILDING");

        Api.eventually(() -> projectors.named("collections").orElseThrow().generation() == from + 1, Duration.ofSeconds(60),
                "the new generation to take over");
        operator.document("{ projectors { name generation generations { generation state eventsProcessed eventsPerSecond finishedAt } } }")
                .execute()
                .path("projectors[1].name").entity(String.class).isEqualTo("collections")
                .path("projectors[1].generation").entity(Integer.class).isEqualTo(from + 1)
                .path("projectors[1].generations[0].state").entity(String.class).isEqualTo("SERVING")
                .path("projectors[1].generations[0].finishedAt").hasValue()
                .path("projectors[1].generations[1].state").entity(String.class).isEqualTo("RETIRED");
        Api.eventually(() -> member.document("{ collections { id name } }").execute().path("collections").entity(Object.class)
                .get().toString().equals(before), Duration.ofSeconds(10), "queries to answer the same from the new generation");
    }
}

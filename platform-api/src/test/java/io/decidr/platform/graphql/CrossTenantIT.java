package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandEnvelope;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.CreateCollection;
import io.decidr.domain.entity.CreateEntity;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenant isolation end to end: tenant A's token against every query, nested field, mutation and subscription that
 * takes an id, given tenant B's ids. Each case must answer exactly as it answers for ids that never existed anywhere
 * (same code, same message but for the ids), so nothing tells A that B's object exists; the same document with B's
 * own token shows B's data (so each case can fail); and B's data is the same after all of A's attempts.
 * Both tenants' users have the same name and roles: only the tenant in the token differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantIT extends PlatformTest {

    private static final String NOT_FOUND = "NOT_FOUND";
    private static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    private static final String FORBIDDEN = "FORBIDDEN";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ProjectorRole projectors;

    @Autowired
    CommandBus bus;

    @Autowired
    CollectionHandler collections;

    @Autowired
    PostgresEventStore store;

    Api api;
    String platformAdmin;
    /** Tenant A: the caller. Tests change only A's own data. */
    Tenant alpha;
    /** Tenant B for the read-only tests. */
    Tenant bravo;

    /** The ids of one tenant's objects, and the label its texts start with. */
    record Ids(String label, String tenant, String companies, String contacts, String name, String notes, String employer,
            String company, String contact, String comment) {

        /** Ids that exist nowhere: what another tenant's ids must be indistinguishable from. */
        static Ids unknown() {
            return new Ids("Unknown" + UUID.randomUUID(), random(), random(), random(), random(), random(), random(),
                    random(), random(), random());
        }

        private static String random() {
            return UUID.randomUUID().toString();
        }

        List<String> all() {
            return List.of(tenant, companies, contacts, name, notes, employer, company, contact, comment);
        }

        /** What must never appear in another tenant's answers: every id and the label of every text. */
        List<String> secrets() {
            return Stream.concat(all().stream(), Stream.of(label)).toList();
        }
    }

    /** A tenant's objects and the token of its user {@code ada} (admin, member and operator). */
    record Tenant(Ids ids, String token) {
    }

    /**
     * One operation that names objects by id.
     *
     * @param variables the document's variables from the caller's own ids and the ids it aims at
     * @param code      the answer when the ids it aims at are not the caller's
     * @param shows     what the answer to the owner contains (null: the owner's answer only has no errors)
     */
    record Case(String name, String document, BiFunction<Ids, Ids, Map<String, Object>> variables, String code,
            Function<Ids, String> shows) {
    }

    @BeforeAll
    void tenants() {
        api = new Api(port);
        platformAdmin = api.token(null, "root", "platform-admin");
        alpha = tenant("Alpha");
        bravo = tenant("Bravo");
        awaitProjected();
    }

    // ---------------------------------------------------------------------------------------------- the cases

    private static final String HISTORY = "query($k: ObjectKind!, $x: ID!, $after: Int) { history(kind: $k, id: $x, after: $after) { events { type data } nextAfter } }";

    /** Every Query field and every nested Entity field that takes or follows an id. */
    static List<Case> queries() {
        return List.of(
                new Case("entity", "query($x: ID!) { entity(id: $x) { id collectionId archived version values { attributeId text } } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, their -> their.label() + " Corp"),
                new Case("entity.links", "query($x: ID!) { entity(id: $x) { links { nodes { sourceId attributeId targetId } } } }",
                        (own, their) -> Map.of("x", their.contact()), NOT_FOUND, Ids::company),
                new Case("entity.backlinks", "query($x: ID!) { entity(id: $x) { backlinks { nodes { sourceId attributeId targetId } } } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, Ids::contact),
                new Case("entity.comments", "query($x: ID!) { entity(id: $x) { comments { nodes { id author body } } } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, their -> "secret of " + their.label()),
                new Case("entity.history", "query($x: ID!) { entity(id: $x) { history { nodes { type attributeId value { text } } } } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, their -> their.label() + " notes"),
                new Case("entity.asOf(version)", "query($x: ID!) { entity(id: $x) { asOf(version: 1) { version values { text } links { targetId } } } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, their -> their.label() + " Corp"),
                new Case("entity.asOf(at)", "query($x: ID!) { entity(id: $x) { asOf(at: \"2999-01-01T00:00:00Z\") { version values { text } links { targetId } } } }",
                        (own, their) -> Map.of("x", their.contact()), NOT_FOUND, Ids::company),
                new Case("collection", "query($x: ID!) { collection(id: $x) { id name attributes { id name targetCollectionId } } }",
                        (own, their) -> Map.of("x", their.contacts()), NOT_FOUND, their -> their.label() + " Contacts"),
                new Case("entities", "query($x: ID!) { entities(collectionId: $x) { edges { node { id values { text } } } } }",
                        (own, their) -> Map.of("x", their.companies()), NOT_FOUND, Ids::company),
                new Case("entities(includeArchived)", "query($x: ID!) { entities(collectionId: $x, includeArchived: true, first: 5) { edges { node { id } } pageInfo { hasNextPage } } }",
                        (own, their) -> Map.of("x", their.contacts()), NOT_FOUND, Ids::contact),
                new Case("entities(filter)", "query($x: ID!, $v: String!) { entities(collectionId: $x, filter: [{attribute: \"Name\", text: $v}]) { edges { node { id } } } }",
                        (own, their) -> Map.of("x", their.companies(), "v", their.label() + " Corp"), NOT_FOUND, Ids::company),
                new Case("traverse(from) by attribute name", "query($x: ID!) { traverse(from: $x, attribute: \"Employer\", depth: 2) { depth entities { id } } }",
                        (own, their) -> Map.of("x", their.contact()), NOT_FOUND, Ids::company),
                new Case("traverse(from) inwards by attribute id", "query($x: ID!, $a: String!) { traverse(from: $x, attribute: $a, direction: IN) { depth entities { id } } }",
                        (own, their) -> Map.of("x", their.company(), "a", their.employer()), NOT_FOUND, Ids::contact),
                new Case("traverse(attribute) of another tenant from an own entity", "query($x: ID!, $a: String!) { traverse(from: $x, attribute: $a) { depth entities { id } } }",
                        (own, their) -> Map.of("x", own.contact(), "a", their.employer()), VALIDATION_FAILED, Ids::company),
                new Case("history(ENTITY)", HISTORY,
                        (own, their) -> Map.of("k", "ENTITY", "x", their.company()), NOT_FOUND, their -> their.label() + " Corp"),
                new Case("history(ENTITY, after)", HISTORY,
                        (own, their) -> Map.of("k", "ENTITY", "x", their.company(), "after", 1), NOT_FOUND, their -> their.label() + " notes"),
                new Case("history(COLLECTION)", HISTORY,
                        (own, their) -> Map.of("k", "COLLECTION", "x", their.companies()), NOT_FOUND, their -> their.label() + " Companies"),
                new Case("history(COMMENT)", HISTORY,
                        (own, their) -> Map.of("k", "COMMENT", "x", their.comment()), NOT_FOUND, their -> "secret of " + their.label()),
                new Case("history(TENANT)", HISTORY,
                        (own, their) -> Map.of("k", "TENANT", "x", their.tenant()), NOT_FOUND, Ids::label));
    }

    /**
     * Every Mutation that takes an id, in an order in which the owner can run them all one after the other (the
     * positive controls).
     */
    static List<Case> mutations() {
        return List.of(
                new Case("renameCollection", "mutation($x: ID!) { renameCollection(collectionId: $x, name: \"Taken over\") { id } }",
                        (own, their) -> Map.of("x", their.companies()), NOT_FOUND, Ids::companies),
                new Case("defineAttribute", "mutation($x: ID!) { defineAttribute(input: {collectionId: $x, name: \"Planted\", type: TEXT}) { collectionId } }",
                        (own, their) -> Map.of("x", their.companies()), NOT_FOUND, Ids::companies),
                new Case("defineAttribute LINK to another tenant's collection", """
                        mutation($x: ID!, $t: ID!) { defineAttribute(input: {collectionId: $x, name: "Also employer", type: LINK,
                          targetCollectionId: $t, backlinkName: "Also staff"}) { collectionId } }""",
                        (own, their) -> Map.of("x", own.contacts(), "t", their.companies()), NOT_FOUND, Ids::contacts),
                new Case("renameAttribute", "mutation($x: ID!, $a: String!) { renameAttribute(collectionId: $x, attribute: $a, name: \"Remarks\") { attributeId } }",
                        (own, their) -> Map.of("x", their.companies(), "a", their.notes()), NOT_FOUND, Ids::notes),
                new Case("renameAttribute of another tenant in an own collection", "mutation($x: ID!, $a: String!) { renameAttribute(collectionId: $x, attribute: $a, name: \"Jottings\") { attributeId } }",
                        (own, their) -> Map.of("x", own.companies(), "a", their.notes()), NOT_FOUND, Ids::notes),
                new Case("removeAttribute", "mutation($x: ID!, $a: String!) { removeAttribute(collectionId: $x, attribute: $a) { attributeId } }",
                        (own, their) -> Map.of("x", their.companies(), "a", their.notes()), NOT_FOUND, Ids::notes),
                new Case("createEntity", "mutation($x: ID!) { createEntity(collectionId: $x) { id } }",
                        (own, their) -> Map.of("x", their.companies()), NOT_FOUND, null),
                new Case("createEntity with another tenant's attribute", "mutation($x: ID!, $a: String!) { createEntity(collectionId: $x, values: [{attribute: $a, text: \"planted\"}]) { id } }",
                        (own, their) -> Map.of("x", own.companies(), "a", their.name()), VALIDATION_FAILED, null),
                new Case("setValue", "mutation($x: ID!) { setValue(entityId: $x, value: {attribute: \"Name\", text: \"Hijacked\"}) { id } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, Ids::company),
                new Case("setValue of another tenant's attribute on an own entity", "mutation($x: ID!, $a: String!) { setValue(entityId: $x, value: {attribute: $a, text: \"Planted\"}) { id } }",
                        (own, their) -> Map.of("x", own.company(), "a", their.name()), VALIDATION_FAILED, Ids::company),
                new Case("clearValue", "mutation($x: ID!) { clearValue(entityId: $x, attribute: \"Name\") { id } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, Ids::company),
                new Case("linkEntities between another tenant's entities", "mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceId } }",
                        (own, their) -> Map.of("s", their.contact(), "t", their.company()), NOT_FOUND, Ids::contact),
                new Case("linkEntities to another tenant's entity", "mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceId targetId } }",
                        (own, their) -> Map.of("s", own.contact(), "t", their.company()), NOT_FOUND, Ids::company),
                new Case("linkEntities through another tenant's attribute", "mutation($s: ID!, $a: String!, $t: ID!) { linkEntities(sourceId: $s, attribute: $a, targetId: $t) { sourceId } }",
                        (own, their) -> Map.of("s", own.contact(), "a", their.employer(), "t", own.company()), VALIDATION_FAILED, Ids::contact),
                new Case("unlinkEntities from another tenant's entity", "mutation($s: ID!, $t: ID!) { unlinkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceId targetId } }",
                        (own, their) -> Map.of("s", own.contact(), "t", their.company()), NOT_FOUND, Ids::company),
                new Case("unlinkEntities between another tenant's entities", "mutation($s: ID!, $t: ID!) { unlinkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceId } }",
                        (own, their) -> Map.of("s", their.contact(), "t", their.company()), NOT_FOUND, Ids::contact),
                new Case("addComment", "mutation($x: ID!) { addComment(entityId: $x, body: \"from outside\") { id } }",
                        (own, their) -> Map.of("x", their.company()), NOT_FOUND, null),
                new Case("editComment", "mutation($x: ID!) { editComment(commentId: $x, body: \"rewritten\") { id } }",
                        (own, their) -> Map.of("x", their.comment()), NOT_FOUND, Ids::comment),
                new Case("deleteComment", "mutation($x: ID!) { deleteComment(commentId: $x) { id } }",
                        (own, their) -> Map.of("x", their.comment()), NOT_FOUND, Ids::comment),
                new Case("archiveEntity", "mutation($x: ID!) { archiveEntity(entityId: $x) { id } }",
                        (own, their) -> Map.of("x", their.contact()), NOT_FOUND, Ids::contact),
                new Case("restoreEntity", "mutation($x: ID!) { restoreEntity(entityId: $x) { id } }",
                        (own, their) -> Map.of("x", their.contact()), NOT_FOUND, Ids::contact),
                new Case("archiveCollection", "mutation($x: ID!) { archiveCollection(collectionId: $x) { id } }",
                        (own, their) -> Map.of("x", their.contacts()), NOT_FOUND, Ids::contacts));
    }

    // ---------------------------------------------------------------------------------------------- the tests

    @Test
    void every_query_with_another_tenants_ids_answers_as_for_ids_that_never_existed() {
        Ids unknown = Ids.unknown();
        assertAll(queries().stream().map(c -> () -> {
            refusedAsIfUnknown(c, alpha, bravo.ids(), unknown);
            shownToOwner(c, bravo);
        }));
    }

    @Test
    void lists_and_the_callers_own_objects_show_nothing_of_another_tenant() {
        for (String document : List.of(
                "{ me { user tenantId roles } }",
                "{ tenant { id name suspended version } }",
                "{ collections { id name archived attributes { id name type targetCollectionId backlinkName } } }")) {
            Map<String, Object> ours = call(alpha.token(), document, Map.of());
            assertThat(errors(ours)).as(document).isEmpty();
            String data = json(ours.get("data"));
            assertThat(bravo.ids().secrets()).as(document + ": " + data)
                    .allSatisfy(secret -> assertThat(data).doesNotContain(secret));
        }
        assertThat(json(call(alpha.token(), "{ me { tenantId } }", Map.of()).get("data"))).contains(alpha.ids().tenant());
        assertThat(json(call(alpha.token(), "{ tenant { id name } }", Map.of()).get("data")))
                .contains(alpha.ids().tenant(), alpha.ids().label());
        assertThat(json(call(bravo.token(), "{ collections { id } }", Map.of()).get("data")))
                .contains(bravo.ids().companies(), bravo.ids().contacts());
        assertThat(json(call(alpha.token(), "{ collections { id } }", Map.of()).get("data")))
                .contains(alpha.ids().companies(), alpha.ids().contacts());
    }

    @Test
    void every_mutation_with_another_tenants_ids_is_refused_and_writes_nothing_there() {
        Tenant owner = tenant("Kilo");
        awaitProjected();
        Map<String, Object> before = snapshot(owner);
        Ids unknown = Ids.unknown();

        assertAll(mutations().stream().map(c -> () -> refusedAsIfUnknown(c, alpha, owner.ids(), unknown)));
        // tenant-level mutations are for platform admins; a tenant admin is refused whatever the tenant id
        for (String tenantId : List.of(owner.ids().tenant(), unknown.tenant(), alpha.ids().tenant())) {
            assertThat(code(call(alpha.token(), "mutation($t: ID!) { suspendTenant(tenantId: $t, reason: \"hostile\") { id } }",
                    Map.of("t", tenantId)))).isEqualTo(FORBIDDEN);
            assertThat(code(call(alpha.token(), "mutation($t: ID!) { reactivateTenant(tenantId: $t) { id } }",
                    Map.of("t", tenantId)))).isEqualTo(FORBIDDEN);
        }
        // renaming names no tenant: it renames the caller's own
        assertThat(errors(call(alpha.token(), "mutation { renameTenant(name: \"Alpha Inc\") { id } }", Map.of()))).isEmpty();

        awaitProjected();
        assertThat(snapshot(owner)).as("the owner's data after the other tenant's attempts").isEqualTo(before);

        // positive controls: the same documents with the owner's token change the owner's data
        assertAll(mutations().stream().map(c -> () -> shownToOwner(c, owner)));
        awaitProjected();
        assertThat(snapshot(owner)).as("the owner's data after the owner's own mutations").isNotEqualTo(before);
    }

    @Test
    void command_ids_are_per_tenant_so_reusing_another_tenants_command_id_replays_nothing() {
        Tenant owner = tenant("Lima");
        String commandId = UUID.randomUUID().toString();
        String create = "mutation($c: ID!, $k: ID) { createEntity(collectionId: $c, commandId: $k) { id version duplicate } }";
        Map<String, Object> first = call(owner.token(), create, Map.of("c", owner.ids().companies(), "k", commandId));
        assertThat(errors(first)).isEmpty();
        String theirs = (String) field(first, "createEntity", "id");

        Map<String, Object> replayed = call(owner.token(), create, Map.of("c", owner.ids().companies(), "k", commandId));
        assertThat(field(replayed, "createEntity", "duplicate")).as("the owner's own replay").isEqualTo(true);
        assertThat(field(replayed, "createEntity", "id")).isEqualTo(theirs);

        Map<String, Object> ours = call(alpha.token(), create, Map.of("c", alpha.ids().companies(), "k", commandId));
        assertThat(errors(ours)).isEmpty();
        assertThat(field(ours, "createEntity", "duplicate")).as("another tenant's command id").isEqualTo(false);
        assertThat(field(ours, "createEntity", "id")).isNotEqualTo(theirs);
        // and the replay of the owner's command id in the other tenant aims at the owner's collection: not found
        assertThat(code(call(alpha.token(), create, Map.of("c", owner.ids().companies(), "k", commandId)))).isEqualTo(NOT_FOUND);
    }

    @Test
    void links_and_backlinks_never_show_another_tenants_entity() {
        Map<String, Object> link = call(alpha.token(),
                "mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceVersion } }",
                Map.of("s", alpha.ids().contact(), "t", bravo.ids().company()));
        assertThat(code(link)).isEqualTo(NOT_FOUND);
        awaitProjected();

        String ours = """
                query($contact: ID!, $company: ID!, $contacts: ID!) {
                  contact: entity(id: $contact) { links { nodes { sourceId targetId } } backlinks { nodes { sourceId targetId } }
                                                  now: asOf(at: "2999-01-01T00:00:00Z") { links { targetId } } }
                  company: entity(id: $company) { links { nodes { targetId } } backlinks { nodes { sourceId targetId } } }
                  page: entities(collectionId: $contacts) { edges { node { id links { nodes { targetId } } backlinks { nodes { sourceId } } } } }
                  out: traverse(from: $contact, attribute: "Employer", depth: 3) { entities { id } }
                  in: traverse(from: $company, attribute: "Employer", direction: IN, depth: 3) { entities { id } }
                }""";
        Map<String, Object> mine = call(alpha.token(), ours, Map.of("contact", alpha.ids().contact(),
                "company", alpha.ids().company(), "contacts", alpha.ids().contacts()));
        assertThat(errors(mine)).isEmpty();
        String data = json(mine.get("data"));
        assertThat(data).as("A's own links (the control: A's contact links A's company)")
                .contains(alpha.ids().company(), alpha.ids().contact());
        assertThat(bravo.ids().secrets()).allSatisfy(secret -> assertThat(data).doesNotContain(secret));

        Map<String, Object> theirs = call(bravo.token(),
                "query($x: ID!) { entity(id: $x) { backlinks { nodes { sourceId targetId } } } }", Map.of("x", bravo.ids().company()));
        assertThat(field(theirs, "entity", "backlinks", "nodes")).as("B's company is linked from B's contact only")
                .isEqualTo(List.of(Map.of("sourceId", bravo.ids().contact(), "targetId", bravo.ids().company())));
        // the refused link left no trace of A's entity in B's tenant, nor of B's entity in A's read model
        assertThat(code(call(alpha.token(), "query($x: ID!) { entity(id: $x) { id } }", Map.of("x", bravo.ids().company()))))
                .isEqualTo(NOT_FOUND);
        assertThat(code(call(bravo.token(), "query($x: ID!) { entity(id: $x) { id } }", Map.of("x", alpha.ids().contact()))))
                .isEqualTo(NOT_FOUND);
    }

    /**
     * Tenant A gets a collection and an entity with tenant B's very ids (the API never derives equal ids in two
     * tenants; here the command bus is told to): the tenant is part of every key, so each side sees only its own
     * twin, and a subscription carries only its own tenant's changes, even to entities with the same ids.
     */
    @Test
    void the_same_ids_in_two_tenants_never_mix_and_subscriptions_carry_only_the_callers_changes() {
        Tenant owner = tenant("Oscar");
        UUID twin = registerTenant("Twin");
        String twinToken = api.token(twin, "ada", "admin", "member", "operator");
        String companies = owner.ids().companies();
        String company = owner.ids().company();
        dispatchTwinCollection(twin, companies);
        as(twinToken).document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", companies).execute().path("defineAttribute.attributeId").hasValue();
        dispatchTwinEntity(twin, companies, company);
        setName(twinToken, company, "Twin Corp");
        as(twinToken).document("mutation($e: ID!) { addComment(entityId: $e, body: \"twin note\") { id } }")
                .variable("e", company).execute().path("addComment.id").hasValue();
        String live = createEntity(twinToken, companies, "Twin live");
        String fence = createEntity(twinToken, companies, "Twin fence");
        awaitProjected();

        String entity = """
                query($x: ID!, $c: ID!) {
                  entity(id: $x) { collectionId version values { text } backlinks { nodes { sourceId } } comments { nodes { body } }
                                   history { nodes { type } } asOf(version: 1) { values { text } } }
                  collection(id: $c) { name }
                  entities(collectionId: $c) { edges { node { id } } }
                  history(kind: ENTITY, id: $x) { events { type data } }
                }""";
        Map<String, Object> seenByTwin = call(twinToken, entity, Map.of("x", company, "c", companies));
        assertThat(errors(seenByTwin)).isEmpty();
        assertThat(json(seenByTwin.get("data"))).contains("Twin Corp", "twin note", "Twin Companies", live, fence)
                .doesNotContain(owner.ids().label(), owner.ids().contact());
        Map<String, Object> seenByOwner = call(owner.token(), entity, Map.of("x", company, "c", companies));
        assertThat(errors(seenByOwner)).isEmpty();
        assertThat(json(seenByOwner.get("data"))).contains("Oscar Corp", "secret of Oscar", "Oscar Companies", owner.ids().contact())
                .doesNotContain("Twin", live, fence);

        // a write with the shared id lands in the writer's tenant only
        setName(owner.token(), company, "Oscar Corp renamed");
        awaitProjected();
        assertThat(call(twinToken, entity, Map.of("x", company, "c", companies))).isEqualTo(seenByTwin);

        WebSocketGraphQlClient twinSocket = api.socket(twinToken);
        WebSocketGraphQlClient ownerSocket = api.socket(owner.token());
        // subscribed first on its connection, so it is live once the later one is: a collection of the owner's that
        // has no twin (the answer may be a refusal, or nothing at all)
        Feed foreign = subscribe(twinSocket, owner.ids().contacts());
        Feed twinCompanies = subscribe(twinSocket, companies);
        Feed ownerCompanies = subscribe(ownerSocket, companies);
        Feed ownerContacts = subscribe(ownerSocket, owner.ids().contacts());
        try {
            // the subscriptions go live asynchronously: keep changing until each has been told of a change
            AtomicInteger round = new AtomicInteger();
            Api.eventually(() -> {
                int n = round.incrementAndGet();
                setName(twinToken, live, "Twin live " + n);
                setName(owner.token(), company, "Oscar Corp " + n);
                setName(owner.token(), owner.ids().contact(), "Oscar Person " + n);
                return twinCompanies.saw(live, 1) && ownerCompanies.saw(company, 1) && ownerContacts.saw(owner.ids().contact(), 1);
            }, Duration.ofSeconds(30), "all four subscriptions to be live");

            // the owner changes its entities (one of them shares its id with the twin's) and is told so
            long companyVersion = setName(owner.token(), company, "Oscar Corp final");
            long contactVersion = setName(owner.token(), owner.ids().contact(), "Oscar Person final");
            Api.eventually(() -> ownerCompanies.saw(company, companyVersion) && ownerContacts.saw(owner.ids().contact(), contactVersion),
                    Duration.ofSeconds(30), "the owner's subscriptions to show its final changes");
            // then the twin tenant changes an entity of its own: once it is told of that, it has been told of
            // everything the projector applied before, which includes all of the owner's changes
            setName(twinToken, fence, "Twin fence passed");
            Api.eventually(() -> twinCompanies.saw(fence, 1), Duration.ofSeconds(30), "the twin's fence change");

            assertThat(twinCompanies.failures()).isEmpty();
            assertThat(twinCompanies.ids()).as("the twin is told of its own entities only, never of the shared id")
                    .isSubsetOf(live, fence).contains(live, fence);
            assertThat(json(twinCompanies.pushes())).doesNotContain("Oscar");
            assertThat(foreign.pushes()).as("a subscription to the other tenant's collection").isEmpty();
            assertThat(foreign.failures()).allSatisfy(failure -> assertThat(failure)
                    .isInstanceOfSatisfying(SubscriptionErrorException.class, refused -> assertThat(refused.getErrors())
                            .allSatisfy(error -> assertThat(error.getExtensions()).containsEntry("code", NOT_FOUND))));
            assertThat(ownerCompanies.failures()).isEmpty();
            assertThat(ownerCompanies.ids()).containsOnly(company);
            assertThat(json(ownerCompanies.pushes())).doesNotContain("Twin");
            assertThat(ownerContacts.ids()).containsOnly(owner.ids().contact());
        } finally {
            Stream.of(foreign, twinCompanies, ownerCompanies, ownerContacts).forEach(feed -> feed.subscription().dispose());
            twinSocket.stop().block(Duration.ofSeconds(10));
            ownerSocket.stop().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void operators_see_retry_and_skip_only_their_own_tenants_parked_events() {
        Tenant owner = tenant("Papa");
        StreamId poisoned = StreamId.of("entity", UUID.fromString(owner.ids().tenant()), UUID.randomUUID());
        UUID eventId = UUID.randomUUID();
        store.append(new AppendRequest("test", UUID.fromString(owner.ids().tenant()), poisoned, 0,
                List.of(new NewEvent(eventId, "entity.from-the-future", 1, "{}")),
                EventMetadata.direct(UUID.randomUUID(), "time-traveller"))).block();
        String parked = "{ projectors { name parked { streamId version eventId type attempts } } }";
        Api.eventually(() -> json(call(owner.token(), parked, Map.of()).get("data")).contains(eventId.toString()),
                Duration.ofSeconds(30), "the owner's operator to see the poison event parked");
        String ownersView = json(call(owner.token(), parked, Map.of()).get("data"));

        Map<String, Object> callersView = call(alpha.token(), parked, Map.of());
        assertThat(errors(callersView)).isEmpty();
        assertThat(json(callersView.get("data"))).doesNotContain(eventId.toString(), owner.ids().tenant());
        String counted = "{ projectors { name parkedEvents } }";
        assertThat(json(call(owner.token(), counted, Map.of()).get("data"))).as("the owner counts its parked event")
                .contains("\"name\":\"entities\",\"parkedEvents\":1");
        assertThat(json(call(alpha.token(), counted, Map.of()).get("data"))).as("another tenant's parked events are not counted")
                .contains("\"name\":\"entities\",\"parkedEvents\":0");

        StreamId unknownStream = StreamId.of("entity", UUID.randomUUID(), UUID.randomUUID());
        UUID unknownEvent = UUID.randomUUID();
        String retry = "mutation($s: String!) { retryParkedEvents(projector: \"entities\", streamId: $s) }";
        String skip = "mutation($s: String!, $e: ID!) { skipParkedEvent(projector: \"entities\", streamId: $s, eventId: $e) }";
        Map<String, Object> theirs = Map.of("s", poisoned.value(), "e", eventId.toString());
        Map<String, Object> nobodys = Map.of("s", unknownStream.value(), "e", unknownEvent.toString());
        for (String document : List.of(retry, skip)) {
            Map<String, Object> refused = call(alpha.token(), document, theirs);
            Map<String, Object> unknown = call(alpha.token(), document, nobodys);
            assertThat(code(refused)).as(document).isEqualTo(NOT_FOUND);
            assertThat(code(unknown)).as(document).isEqualTo(NOT_FOUND);
            assertThat(normalized(message(refused), List.of(poisoned.value(), eventId.toString())))
                    .isEqualTo(normalized(message(unknown), List.of(unknownStream.value(), unknownEvent.toString())));
        }
        assertThat(json(call(owner.token(), parked, Map.of()).get("data"))).as("the owner's parked event is untouched")
                .isEqualTo(ownersView);

        // positive controls, which also clear the poison event away
        assertThat(errors(call(owner.token(), retry, theirs))).isEmpty();
        Map<String, Object> skipped = call(owner.token(), skip, theirs);
        assertThat(errors(skipped)).isEmpty();
        assertThat(field(skipped, "skipParkedEvent")).isEqualTo(true);
        assertThat(json(call(owner.token(), parked, Map.of()).get("data"))).doesNotContain(eventId.toString());
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** The caller aiming at the owner's ids gets the answer it gets for ids that never existed, and no data. */
    private void refusedAsIfUnknown(Case c, Tenant caller, Ids owners, Ids unknown) {
        Map<String, Object> refused = call(caller.token(), c.document(), c.variables().apply(caller.ids(), owners));
        Map<String, Object> never = call(caller.token(), c.document(), c.variables().apply(caller.ids(), unknown));
        assertThat(code(refused)).as(c.name() + ", with another tenant's ids: " + refused).isEqualTo(c.code());
        assertThat(code(never)).as(c.name() + ", with ids that never existed: " + never).isEqualTo(c.code());
        assertThat(normalized(message(refused), owners.all())).as(c.name() + ": the same message as for unknown ids")
                .isEqualTo(normalized(message(never), unknown.all()));
        assertThat(message(refused)).doesNotContain(owners.label()).doesNotContain("Exception");
        String data = json(refused.get("data"));
        assertThat(owners.secrets()).as(c.name() + ": data " + data)
                .allSatisfy(secret -> assertThat(data).doesNotContain(secret));
    }

    /** The owner's own token, with the same document aimed at its own ids, gets the data. */
    private void shownToOwner(Case c, Tenant owner) {
        Map<String, Object> own = call(owner.token(), c.document(), c.variables().apply(owner.ids(), owner.ids()));
        assertThat(errors(own)).as(c.name() + " with the owner's token: " + own).isEmpty();
        if (c.shows() != null) {
            assertThat(json(own.get("data"))).as(c.name() + " shows the owner").contains(c.shows().apply(owner.ids()));
        }
    }

    /**
     * Everything of a tenant that a client can read, through the read models and straight from the event store
     * (waits for the projectors first).
     */
    private Map<String, Object> snapshot(Tenant tenant) {
        Ids ids = tenant.ids();
        Map<String, Object> response = call(tenant.token(), """
                query($tenant: ID!, $companies: ID!, $contacts: ID!, $company: ID!, $contact: ID!, $comment: ID!) {
                  tenant { id name suspended suspensionReason version }
                  collections { id name archived version attributes { id name type required targetCollectionId backlinkName } }
                  companyPage: entities(collectionId: $companies, includeArchived: true) { edges { node { id version archived } } }
                  contactPage: entities(collectionId: $contacts, includeArchived: true) { edges { node { id version archived } } }
                  company: entity(id: $company) { ...everything }
                  contact: entity(id: $contact) { ...everything }
                  tenantEvents: history(kind: TENANT, id: $tenant, first: 200) { ...events }
                  companiesEvents: history(kind: COLLECTION, id: $companies, first: 200) { ...events }
                  contactsEvents: history(kind: COLLECTION, id: $contacts, first: 200) { ...events }
                  companyEvents: history(kind: ENTITY, id: $company, first: 200) { ...events }
                  contactEvents: history(kind: ENTITY, id: $contact, first: 200) { ...events }
                  commentEvents: history(kind: COMMENT, id: $comment, first: 200) { ...events }
                }
                fragment everything on Entity {
                  id collectionId archived version values { attributeId text }
                  links { nodes { sourceId attributeId targetId } } backlinks { nodes { sourceId attributeId targetId } }
                  comments(first: 200) { nodes { id author body edited deleted } }
                  history(first: 200) { nodes { version type attributeId detail } }
                }
                fragment events on HistoryPage { events { version type data actor commandId } nextAfter }""",
                Map.of("tenant", ids.tenant(), "companies", ids.companies(), "contacts", ids.contacts(),
                        "company", ids.company(), "contact", ids.contact(), "comment", ids.comment()));
        assertThat(errors(response)).as("snapshot of " + ids.label()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) response.get("data");
        return data;
    }

    // ---------------------------------------------------------------------------------------------- set-up

    /**
     * A new tenant with two collections (contacts link to companies), a company with two values, a contact
     * linked to it, and a comment on the company. Every text starts with the tenant's label.
     */
    private Tenant tenant(String label) {
        UUID tenant = registerTenant(label);
        String token = api.token(tenant, "ada", "admin", "member", "operator");
        HttpGraphQlTester ada = as(token);
        String companies = createCollection(ada, label + " Companies");
        String name = defineAttribute(ada, companies, "{name: \"Name\", type: TEXT}");
        String notes = defineAttribute(ada, companies, "{name: \"Notes\", type: TEXT}");
        String contacts = createCollection(ada, label + " Contacts");
        defineAttribute(ada, contacts, "{name: \"Name\", type: TEXT}");
        String employer = ada.document("""
                mutation($c: ID!, $t: ID!) { defineAttribute(input: {collectionId: $c, name: "Employer", type: LINK,
                  targetCollectionId: $t, backlinkName: "Staff"}) { attributeId } }""")
                .variable("c", contacts).variable("t", companies).execute()
                .path("defineAttribute.attributeId").entity(String.class).get();
        String company = createEntity(token, companies, label + " Corp");
        ada.document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Notes\", text: $n}) { version } }")
                .variable("e", company).variable("n", label + " notes").execute().path("setValue.version").hasValue();
        String contact = createEntity(token, contacts, label + " Person");
        ada.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { sourceVersion } }")
                .variable("s", contact).variable("t", company).execute().path("linkEntities.sourceVersion").hasValue();
        String comment = ada.document("mutation($e: ID!, $b: String!) { addComment(entityId: $e, body: $b) { id } }")
                .variable("e", company).variable("b", "secret of " + label).execute()
                .path("addComment.id").entity(String.class).get();
        return new Tenant(new Ids(label, tenant.toString(), companies, contacts, name, notes, employer, company, contact,
                comment), token);
    }

    private UUID registerTenant(String name) {
        return UUID.fromString(as(platformAdmin).document("mutation($n: String!) { registerTenant(name: $n) { id } }")
                .variable("n", name).execute().path("registerTenant.id").entity(String.class).get());
    }

    private static String createCollection(HttpGraphQlTester as, String name) {
        return as.document("mutation($n: String!) { createCollection(name: $n) { id } }").variable("n", name).execute()
                .path("createCollection.id").entity(String.class).get();
    }

    private static String defineAttribute(HttpGraphQlTester as, String collection, String input) {
        return as.document("mutation($c: ID!) { defineAttribute(input: " + input.replace("{", "{collectionId: $c, ")
                        + ") { attributeId } }")
                .variable("c", collection).execute().path("defineAttribute.attributeId").entity(String.class).get();
    }

    private String createEntity(String token, String collection, String name) {
        return as(token).document("mutation($c: ID!, $n: String!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: $n}]) { id } }")
                .variable("c", collection).variable("n", name).execute().path("createEntity.id").entity(String.class).get();
    }

    /** Sets the entity's Name; answers its version after. */
    private long setName(String token, String entity, String name) {
        return as(token).document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $n}) { version } }")
                .variable("e", entity).variable("n", name).execute().path("setValue.version").entity(Long.class).get();
    }

    /** A collection in {@code tenant} with the id of another tenant's collection. */
    private void dispatchTwinCollection(UUID tenant, String id) {
        bus.dispatch(Aggregates.COLLECTION, envelope(tenant,
                new CreateCollection(context(tenant), CollectionId.parse(id, "id"), "Twin Companies"))).block();
    }

    /** An entity in {@code tenant}'s collection with the id of another tenant's entity. */
    private void dispatchTwinEntity(UUID tenant, String collection, String id) {
        CollectionSchema schema = collections.existing(new Requester(new TenantId(tenant), actor()),
                CollectionId.parse(collection, "collection")).block().schema();
        bus.dispatch(Aggregates.ENTITY, envelope(tenant,
                new CreateEntity(context(tenant), EntityId.parse(id, "id"), schema, Map.of()))).block();
    }

    private static <C> CommandEnvelope<C> envelope(UUID tenant, C command) {
        return new CommandEnvelope<>(tenant.toString(), tenant, command, EventMetadata.direct(UUID.randomUUID(), "ada"));
    }

    private static CommandContext context(UUID tenant) {
        return new CommandContext(new TenantId(tenant), actor(), false);
    }

    private static Actor actor() {
        return new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER));
    }

    /** Waits (bounded) until every projector has applied every committed event. */
    private void awaitProjected() {
        Flux.fromIterable(projectors.projectors())
                .concatMap(projector -> Mono.defer(projector::status)
                        .filter(status -> status.eventsBehind() == 0)
                        .repeatWhenEmpty(times -> times.delayElements(Duration.ofMillis(20)))
                        .timeout(Duration.ofSeconds(60)))
                .blockLast();
    }

    // ---------------------------------------------------------------------------------------------- the wire

    private HttpGraphQlTester as(String token) {
        return api.as(token);
    }

    /** The whole response, data and errors, as a client receives it. */
    private Map<String, Object> call(String token, String document, Map<String, Object> variables) {
        return api.http().post().uri("/graphql")
                .headers(headers -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document, "variables", variables))
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Map<String, Object> response) {
        return (List<Map<String, Object>>) response.getOrDefault("errors", List.of());
    }

    /** The code of the response's only error. */
    @SuppressWarnings("unchecked")
    private static String code(Map<String, Object> response) {
        List<Map<String, Object>> errors = errors(response);
        assertThat(errors).as("errors of " + response).hasSize(1);
        return (String) ((Map<String, Object>) errors.getFirst().getOrDefault("extensions", Map.of())).get("code");
    }

    private static String message(Map<String, Object> response) {
        List<Map<String, Object>> errors = errors(response);
        assertThat(errors).as("errors of " + response).hasSize(1);
        return (String) errors.getFirst().get("message");
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> response, String... path) {
        Object node = response.get("data");
        for (String name : path) {
            assertThat(node).as(String.join(".", path) + " in " + response).isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(name);
        }
        return node;
    }

    private static String normalized(String text, List<String> ids) {
        String result = text;
        for (String id : ids) {
            result = result.replace(id, "<id>");
        }
        return result;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- subscriptions

    /** What one subscription was told, as it arrives. */
    private record Feed(List<Map<String, Object>> pushes, List<Throwable> failures, Disposable subscription) {

        List<String> ids() {
            return pushes.stream().map(push -> (String) push.get("id")).toList();
        }

        /** Whether it was told of the entity at the version or later. */
        boolean saw(String entity, long version) {
            return pushes.stream().anyMatch(push -> entity.equals(push.get("id"))
                    && ((Number) push.get("version")).longValue() >= version);
        }
    }

    @SuppressWarnings("unchecked")
    private static Feed subscribe(WebSocketGraphQlClient client, String collection) {
        List<Map<String, Object>> pushes = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Disposable subscription = client
                .document("subscription($c: ID!) { entityChanged(collectionId: $c) { id collectionId version values { text } } }")
                .variable("c", collection)
                .executeSubscription()
                .subscribe(response -> pushes.add(response.field("entityChanged").toEntity(Map.class)), failures::add);
        return new Feed(pushes, failures, subscription);
    }
}

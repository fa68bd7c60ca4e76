package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.lease.Lease;
import io.decidr.eventstore.lease.PostgresLeases;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.ApplicationOnOwnStores;
import io.decidr.platform.support.PlatformProcess;
import io.decidr.platform.support.PlatformTest;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ProjectorLeadership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.core.Disposable;

/**
 * The API and the projectors in separate processes, as the Helm chart runs them: this application serves the API
 * with the projector role off, and a second JVM (the same application with only the projector role) runs every
 * projector, holding their leases. A mutation with {@code consistency: STRONG} answers once the read models show it
 * (the projectors announce their checkpoints; nothing polls them), {@code entityChanged} pushes changes the other
 * process applied, and operators' retries, skips and rebuilds sent here are done there (UNAVAILABLE once no process
 * runs the projector). A database and keyspace of their own: the other test classes' application, which runs projectors
 * too, must not hold these leases.
 */
@ApplicationOnOwnStores
@TestPropertySource(properties = {
        "decidr.graphql.strong-consistency-timeout=5s",
        "decidr.projections.operation-wait=3s",
        "decidr.roles.projector.enabled=false"})
class ProjectorElsewhereIT {

    private static final String HOLDER = "projector-elsewhere";
    private static final TestPostgres.Database DATABASE = TestPostgres.newDatabase();
    private static final String KEYSPACE = "elsewhere_" + ProcessHandle.current().pid();
    private static PlatformProcess projectorProcess;

    @LocalServerPort
    int port;

    @Autowired
    ProjectorRole projectors;
    @Autowired
    PostgresEventStore store;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        PlatformTest.stores(registry, DATABASE, KEYSPACE);
    }

    @AfterAll
    static void stopProjectorProcess() {
        if (projectorProcess != null) {
            projectorProcess.close();
        }
    }

    @Test
    void strong_writes_and_subscriptions_are_served_while_the_projectors_run_in_another_process() {
        assertThat(projectors.projectors()).noneMatch(ManagedProjector::runsHere);
        projectorProcess = PlatformProcess.start(DATABASE, KEYSPACE, List.of(
                "--decidr.roles.api.enabled=false",
                "--decidr.roles.worker.enabled=false",
                "--decidr.projections.lease-holder=" + HOLDER));
        Api.eventually(this::heldByTheOtherProcess, Duration.ofSeconds(60), "the projector process to hold every lease");
        assertThat(projectors.projectors()).as("projectors running in the API process").noneMatch(ManagedProjector::runsHere);

        Api api = new Api(port);
        HttpGraphQlTester root = api.as(api.token(null, "root", "platform-admin"));
        UUID tenant = UUID.fromString(root.document("mutation { registerTenant(name: \"Elsewhere\", consistency: STRONG) { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester admin = api.as(api.token(tenant, "ada", "admin", "member"));
        String companies = WritePathIT.id(admin.document("mutation { createCollection(name: \"Companies\", consistency: STRONG) { id } }")
                .execute(), "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}, consistency: STRONG) { attributeId } }")
                .variable("c", companies).execute().path("defineAttribute.attributeId").hasValue();
        String entity = WritePathIT.id(admin.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"First\"}], consistency: STRONG) { id } }")
                .variable("c", companies).execute(), "createEntity.id");
        admin.document("query($id: ID!) { entity(id: $id) { values { text } } }").variable("id", entity).execute()
                .path("entity.values[0].text").entity(String.class).isEqualTo("First");

        // each STRONG write is visible to the very next query, its projection done in the other process
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long started = System.nanoTime();
            admin.document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $n}, consistency: STRONG) { version } }")
                    .variable("e", entity).variable("n", "Strong " + i).execute().path("setValue.version").entity(Integer.class)
                    .isEqualTo(i + 2);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            admin.document("query($id: ID!) { entity(id: $id) { version values { text } } }").variable("id", entity).execute()
                    .path("entity.values[0].text").entity(String.class).isEqualTo("Strong " + i);
        }

        // operators here see where the projectors run and how far they got (from the stored checkpoints)
        HttpGraphQlTester operator = api.as(api.token(tenant, "olga", "operator"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = operator.document("{ projectors { name running runningIn eventsBehind } }").execute()
                .path("projectors").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(listed).hasSize(projectors.projectors().size()).allSatisfy(projector -> assertThat(projector)
                .containsEntry("running", true).containsEntry("runningIn", HOLDER).containsEntry("eventsBehind", 0));

        // retrying or skipping a parked event changes what the runner holds back: the request goes to the process that
        // runs the projector, which does it and answers (an event of a type no projector knows is parked there)
        StreamId poisoned = StreamId.of("entity", tenant, UUID.randomUUID());
        UUID eventId = UUID.randomUUID();
        store.append(new AppendRequest("test", tenant, poisoned, 0,
                List.of(new NewEvent(eventId, "entity.from-the-future", 1, "{}")),
                EventMetadata.direct(UUID.randomUUID(), "time-traveller"))).block(Duration.ofSeconds(30));
        Api.eventually(() -> parked(operator, eventId), Duration.ofSeconds(30), "the event parked in the other process");
        operator.document("mutation($s: String!) { retryParkedEvents(projector: \"entities\", streamId: $s) }")
                .variable("s", poisoned.value()).execute().path("retryParkedEvents").entity(Integer.class)
                .isEqualTo(0); // tried again there, it failed again
        assertThat(parked(operator, eventId)).as("still parked").isTrue();
        operator.document("mutation($s: String!, $e: ID!) { skipParkedEvent(projector: \"entities\", streamId: $s, eventId: $e) }")
                .variable("s", poisoned.value()).variable("e", eventId.toString()).execute().path("skipParkedEvent")
                .entity(Boolean.class).isEqualTo(true);
        assertThat(parked(operator, eventId)).as("skipped there").isFalse();
        // and a platform admin's rebuild starts there
        root.document("mutation { rebuildProjector(projector: \"tenants\") { generation state } }").execute()
                .path("rebuildProjector.generation").entity(Integer.class).isEqualTo(2)
                .path("rebuildProjector.state").entity(String.class).isEqualTo("BUILDING");

        // a subscriber here is pushed the changes the other process applied
        WebSocketGraphQlClient client = api.socket(api.token(tenant, "watcher", "member"));
        BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        Disposable subscription = client.document("subscription($c: ID!) { entityChanged(collectionId: $c) { id version values { text } } }")
                .variable("c", companies)
                .executeSubscription()
                .subscribe(response -> received.add(response.field("entityChanged").toEntity(Map.class)), failed::add);
        try {
            int[] round = {0};
            Api.eventually(() -> {
                admin.document("mutation($e: ID!, $n: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $n}) { version } }")
                        .variable("e", entity).variable("n", "Pushed " + ++round[0]).execute().path("setValue.version").hasValue();
                assertThat(failed).as("subscription failures").isEmpty();
                return !received.isEmpty();
            }, Duration.ofSeconds(30), "a change pushed from the other process's projection");
            Map<String, Object> change = received.poll();
            assertThat(change).containsEntry("id", entity);
            assertThat(change.get("values").toString()).contains("Pushed ");
        } finally {
            subscription.dispose();
            client.stop().block(Duration.ofSeconds(10));
        }
        assertThat(heldByTheOtherProcess()).as("the other process still holds every lease").isTrue();
        System.out.println("STRONG setValue with the projectors in another process, ms: " + millis);

        // with no process running the projector, nobody answers: the operator is told so, in time
        projectorProcess.close();
        projectorProcess = null;
        Api.rejected(operator.document("mutation($s: String!) { retryParkedEvents(projector: \"entities\", streamId: $s) }")
                .variable("s", poisoned.value()).execute(), "UNAVAILABLE");
    }

    /** Whether the entities projector's parked list shows the event (whichever process runs it). */
    private static boolean parked(HttpGraphQlTester operator, UUID eventId) {
        return operator.document("{ projectors { name parked { eventId } } }").execute()
                .path("projectors[?(@.name == 'entities')].parked[*].eventId").entityList(String.class).get()
                .contains(eventId.toString());
    }

    /** Whether the projector process holds every projector's lease now (and fails at once if it died). */
    private boolean heldByTheOtherProcess() {
        if (!projectorProcess.alive()) {
            throw new AssertionError("the projector process ended:\n" + projectorProcess.tail());
        }
        List<Lease> leases = new PostgresLeases(DATABASE.connectionFactory()).list().collectList().block(Duration.ofSeconds(30));
        return projectors.projectors().stream().allMatch(p -> leases.stream().anyMatch(lease ->
                lease.name().equals(ProjectorLeadership.leaseName(p.name())) && lease.holder().equals(HOLDER)
                        && lease.expiresAt().isAfter(Instant.now())));
    }

}

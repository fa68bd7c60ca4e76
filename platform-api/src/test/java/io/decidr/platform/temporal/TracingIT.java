package io.decidr.platform.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.ApplicationOnOwnStores;
import io.decidr.platform.support.PlatformTest;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With tracing on, one trace runs from a GraphQL mutation (its {@code traceparent} sent by the client) through the
 * command and its events' metadata, the Temporal workflow it starts and that workflow's activities, to the commands
 * the activities send and the projectors that apply their events: on the real dev server, with every span the
 * application exports collected, and sent over OTLP to a stand-in collector. The events also name their real cause: a
 * job's writes the job, a saga's step the step before it.
 */
// Spring Boot's tests turn tracing off whatever the properties say, unless asked like this
@AutoConfigureObservability(metrics = false, tracing = true)
@ApplicationOnOwnStores
@TestPropertySource(properties = "management.tracing.enabled=true")
@Import(TracingIT.Exported.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingIT {

    @TestConfiguration(proxyBeanMethods = false)
    static class Exported {
        @Bean
        CollectedSpans collectedSpans() {
            return new CollectedSpans();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static TemporalCliServer server;
    private static OtlpReceiver collector;

    /**
     * A database and keyspace of its own (the suite's shared application, tracing off, would otherwise hold the
     * projectors' leases and apply this application's events without a span), and a Temporal dev server.
     */
    @DynamicPropertySource
    static void storesAndTemporal(DynamicPropertyRegistry registry) throws IOException {
        PlatformTest.stores(registry, TestPostgres.newDatabase(), "tracing_" + ProcessHandle.current().pid());
        server = new TemporalCliServer(DevTemporal.settings()).start();
        DevTemporal.pointAt(registry, server);
        collector = OtlpReceiver.start();
        registry.add("management.otlp.tracing.endpoint", collector::endpoint);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    private Api api;

    @BeforeAll
    void client() {
        api = new Api(port);
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        DevTemporal.stopWorkers(context);
        server.stop();
        collector.close();
    }

    @Autowired
    CollectedSpans spans;

    @Test
    void one_trace_runs_from_a_mutation_through_its_events_and_workflow_to_the_projectors() {
        UUID tenant = register("Traced");
        HttpGraphQlTester owner = api.as(api.token(tenant, "tess", "admin", "member"));
        String collection = RealTemporalServerTest.collection(owner, "Traced rows");
        String traceId = hex(16);
        String clientSpan = hex(8);
        HttpGraphQlTester traced = owner.mutate().header("traceparent", "00-" + traceId + "-" + clientSpan + "-01").build();

        String job = RealTemporalServerTest.startImport(traced, collection, 3);
        Api.eventually(() -> "COMPLETED".equals(RealTemporalServerTest.status(owner, job)), Duration.ofMinutes(1),
                "the import to complete");

        List<String> rows = owner.document("query($c: ID!) { entities(collectionId: $c) { edges { node { id } } } }")
                .variable("c", collection).execute().path("entities.edges[*].node.id").entityList(String.class).get();
        assertThat(rows).hasSize(3);
        for (String row : rows) {
            for (Map<String, Object> event : history(owner, row)) {
                assertThat(event).as("an imported row's event").containsEntry("traceId", traceId)
                        .containsEntry("causationId", job).containsEntry("correlationId", job);
            }
        }

        Api.eventually(() -> names(traceId).containsAll(Set.of("command job", "command entity", "project entities"))
                        && names(traceId).stream().anyMatch(name -> name.startsWith("RunActivity:")),
                Duration.ofMinutes(1), "the trace's spans to be exported");
        List<SpanData> trace = spans.inTrace(traceId);
        Set<String> names = names(traceId);
        assertThat(names).as("the trace's spans").contains("StartWorkflow:ComputeJob", "RunWorkflow:ComputeJob");
        assertThat(trace).as("the request's span continues the client's")
                .anyMatch(span -> span.getParentSpanId().equals(clientSpan));
        assertThat(trace).as("an entity command runs in an activity's span")
                .anyMatch(span -> span.getName().equals("command entity")
                        && parentName(trace, span).startsWith("RunActivity:"));
        assertThat(trace).as("the projector applies an event in a span under the command that wrote it")
                .anyMatch(span -> span.getName().equals("project entities")
                        && parentName(trace, span).equals("command entity"));
        Api.eventually(() -> collector.received(traceId), Duration.ofSeconds(30), "the trace exported over OTLP");
    }

    @Test
    void a_saga_step_names_the_step_before_it_as_its_cause_in_the_callers_trace() {
        UUID tenant = register("Caused");
        HttpGraphQlTester owner = api.as(api.token(tenant, "cai", "admin", "member"));
        String people = RealTemporalServerTest.collection(owner, "People");
        String companies = RealTemporalServerTest.collection(owner, "Companies");
        owner.document("""
                mutation($c: ID!, $t: ID!) {
                  defineAttribute(input: {collectionId: $c, name: "Employer", type: LINK, targetCollectionId: $t,
                    backlinkName: "Staff"}) { attributeId } }""")
                .variable("c", people).variable("t", companies).execute().path("defineAttribute.attributeId").hasValue();
        String person = create(owner, people);
        String company = create(owner, companies);
        String traceId = hex(16);
        HttpGraphQlTester traced = owner.mutate().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01").build();
        String linkCommand = UUID.randomUUID().toString();

        traced.document("""
                        mutation($s: ID!, $t: ID!, $id: ID!) {
                          linkEntities(sourceId: $s, attribute: "Employer", targetId: $t, commandId: $id) { targetVersion } }""")
                .variable("s", person).variable("t", company).variable("id", linkCommand).execute()
                .path("linkEntities.targetVersion").hasValue();

        Map<String, Object> link = history(owner, person).getLast();
        Map<String, Object> backlink = history(owner, company).getLast();
        assertThat(link).as("the link on the source, the saga's first step")
                .containsEntry("causationId", linkCommand).containsEntry("correlationId", linkCommand)
                .containsEntry("traceId", traceId);
        assertThat(link.get("commandId")).isNotEqualTo(linkCommand);
        assertThat(backlink).as("the backlink, the step after it")
                .containsEntry("causationId", link.get("commandId")).containsEntry("correlationId", linkCommand)
                .containsEntry("traceId", traceId);
        Api.eventually(() -> names(traceId).containsAll(Set.of("StartWorkflow:LinkEntities", "RunWorkflow:LinkEntities",
                        "RunActivity:AddLink", "RunActivity:AddBacklink")),
                Duration.ofMinutes(1), "the saga's spans in the caller's trace");
    }

    private UUID register(String name) {
        return UUID.fromString(api.as(api.token(null, "root", "platform-admin"))
                .document("mutation($n: String!) { registerTenant(name: $n) { id } }").variable("n", name)
                .execute().path("registerTenant.id").entity(String.class).get());
    }

    private Set<String> names(String traceId) {
        return Set.copyOf(spans.namesInTrace(traceId));
    }

    private static String parentName(List<SpanData> trace, SpanData span) {
        return trace.stream().filter(other -> other.getSpanId().equals(span.getParentSpanId()))
                .map(SpanData::getName).findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> history(HttpGraphQlTester who, String entity) {
        return who.document("""
                        query($id: ID!) {
                          history(kind: ENTITY, id: $id) { events { type commandId causationId correlationId traceId } } }""")
                .variable("id", entity).execute().path("history.events").entityList(Map.class).get().stream()
                .map(event -> (Map<String, Object>) event).collect(Collectors.toList());
    }

    private static String create(HttpGraphQlTester who, String collection) {
        return who.document("mutation($c: ID!) { createEntity(collectionId: $c) { id } }").variable("c", collection)
                .execute().path("createEntity.id").entity(String.class).get();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

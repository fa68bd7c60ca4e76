package io.decidr.platform.temporal;

import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole platform on the real Temporal dev server (the pinned CLI's {@code temporal server start-dev}) instead of
 * {@link PlatformTest}'s test server: each test class gets a server of its own, at fixed ports (so a test may restart
 * it where the app expects it), and an application context of its own, closed after the class; its workers stop
 * before the server does.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealTemporalServerTest extends PlatformTest {

    static TemporalCliServer.Settings settings;
    static TemporalCliServer server;

    @DynamicPropertySource
    static void realTemporal(DynamicPropertyRegistry registry) throws IOException {
        // payloads encrypted (the suite's keys), and the Web UI decoding them through the app's codec endpoint, as bin/run
        // wires them: the app at a port chosen now, since the server needs the endpoint's address before the app starts
        int apiPort = DevTemporal.freePort();
        settings = DevTemporal.settings().withUiCodecEndpoint("http://localhost:" + apiPort + "/codec");
        server = new TemporalCliServer(settings).start();
        DevTemporal.pointAt(registry, server);
        registry.add("server.port", () -> apiPort);
        registry.add("decidr.temporal.encryption.codec-without-token", () -> "true");
        registry.add("decidr.temporal.encryption.ui-origins", server::uiUrl);
    }

    @Autowired
    private ApplicationContext context;

    /** The app's API, and the Temporal server's (for what operators query). */
    protected Api api;
    WorkflowServiceStubs temporal;
    /** A platform admin's client. */
    HttpGraphQlTester root;

    @BeforeAll
    void clients() {
        api = new Api(port);
        temporal = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.target()).validateAndBuildWithDefaults());
        root = api.as(api.token(null, "root", "platform-admin"));
    }

    /**
     * The app's workers first (they would poll a stopped server until the context closes, after this), then the
     * server.
     */
    @AfterAll
    void stopServer() throws InterruptedException {
        if (temporal != null) {
            temporal.shutdownNow();
        }
        DevTemporal.stopWorkers(context);
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** A new tenant, registered by the platform admin. */
    UUID register(String name) {
        return UUID.fromString(root.document("mutation($n: String!) { registerTenant(name: $n) { id } }").variable("n", name)
                .execute().path("registerTenant.id").entity(String.class).get());
    }

    /** A new collection with a TEXT attribute {@code Name}. */
    static String collection(HttpGraphQlTester who, String name) {
        String id = who.document("mutation($n: String!) { createCollection(name: $n) { id } }")
                .variable("n", name).execute().path("createCollection.id").entity(String.class).get();
        who.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", id).execute().path("defineAttribute.attributeId").hasValue();
        return id;
    }

    /** Starts an IMPORT of {@code rows} rows (one column, {@code Name}) into the collection; answers the job's id. */
    static String startImport(HttpGraphQlTester owner, String collection, int rows) {
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < rows; i++) {
            csv.append("row ").append(i).append('\n');
        }
        return owner.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", collection).variable("p", Map.of("format", "CSV", "data", csv.toString()))
                .execute().path("startComputeJob").entity(String.class).get();
    }

    /** The job's status, or null while the query fails. */
    static String status(HttpGraphQlTester owner, String job) {
        var response = owner.document("query($id: ID!) { computeJob(id: $id) { status } }").variable("id", job)
                .execute().returnResponse();
        return response.getErrors().isEmpty() ? (String) response.field("computeJob.status").getValue() : null;
    }
}

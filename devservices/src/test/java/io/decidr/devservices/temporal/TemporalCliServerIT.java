package io.decidr.devservices.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Temporal dev server (the pinned CLI, fetched by {@code bin/temporal-cli} when missing): it serves
 * workflows, registers the search attributes it is given so that operators' visibility queries work, serves the Web
 * UI, and keeps a workflow across a restart of the server.
 */
@Timeout(300)
class TemporalCliServerIT {

    private static final String TASK_QUEUE = "cli-server-it";
    private static final SearchAttributeKey<String> TENANT_ID = SearchAttributeKey.forKeyword("TenantId");
    /** As the app's application-dev.yml lists them (the app's own are in the workflows module). */
    private static final List<String> SEARCH_ATTRIBUTES = List.of("TenantId=Keyword", "JobKind=Keyword",
            "CollectionId=Keyword", "JobStatus=Keyword");
    private static Path cli;

    @TempDir
    Path folder;

    @BeforeAll
    static void fetchCli() {
        cli = TemporalCli.pinned();
    }

    @Test
    void serves_workflows_with_the_search_attributes_and_the_ui_and_keeps_them_across_a_restart() throws Exception {
        TemporalCliServer.Settings settings = TemporalCliServer.Settings.of(cli, folder, 0, 0)
                .withSearchAttributes(SEARCH_ATTRIBUTES);
        TemporalCliServer server = new TemporalCliServer(settings).start();
        String tenant = UUID.randomUUID().toString();
        String waiting = "waiting-" + tenant;
        try {
            assertThat(greetOver(server.target())).isEqualTo("Hello dev");

            WorkflowServiceStubs service = stubs(server.target());
            OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                    .setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
            var attributes = operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                    .setNamespace(TemporalCliServer.NAMESPACE).build()).getCustomAttributesMap();
            assertThat(attributes).containsKeys("TenantId", "JobKind", "CollectionId", "JobStatus");

            // a workflow no worker serves stays running; operators find it by its tenant
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(TemporalCliServer.NAMESPACE).build());
            WorkflowStub stub = client.newUntypedWorkflowStub("ComputeJob", WorkflowOptions.newBuilder()
                    .setWorkflowId(waiting).setTaskQueue("nobody-serves-this")
                    .setTypedSearchAttributes(SearchAttributes.newBuilder()
                            .set(TENANT_ID, tenant).build())
                    .build());
            stub.start();
            awaitListed(service, "TenantId = \"" + tenant + "\" AND WorkflowType = \"ComputeJob\"");

            HttpResponse<String> ui = get(server.uiUrl());
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.body()).contains("<html");
            // the UI's own API (what its pages call) answers the operators' query with the workflow
            String query = URLEncoder.encode("TenantId = \"" + tenant + "\"", StandardCharsets.UTF_8);
            HttpResponse<String> listed = get(server.uiUrl() + "/api/v1/namespaces/" + TemporalCliServer.NAMESPACE
                    + "/workflows?query=" + query);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(listed.body()).contains(waiting);
            service.shutdownNow();
        } finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
        assertThat(Files.exists(folder.resolve("server.pid"))).isFalse();

        TemporalCliServer again = new TemporalCliServer(settings).start();
        try {
            WorkflowServiceStubs service = stubs(again.target());
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(TemporalCliServer.NAMESPACE).build());
            assertThat(client.newUntypedWorkflowStub(waiting).describe().getStatus())
                    .as("the workflow started before the restart")
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
            service.shutdownNow();
        } finally {
            again.stop();
        }
    }

    @Test
    void stops_a_server_left_behind_on_its_folder() throws Exception {
        TemporalCliServer.Settings settings = TemporalCliServer.Settings.of(cli, folder, 0, 0);
        Process orphan = new ProcessBuilder(TemporalCliServer.command(settings, freePort(), freePort()))
                .redirectErrorStream(true).redirectOutput(folder.resolve("orphan.log").toFile()).start();
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("server.pid"), Long.toString(orphan.pid()));
        TemporalCliServer server = new TemporalCliServer(settings);
        try {
            server.start();
            assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).as("the server left behind stopped").isTrue();
            assertThat(server.pid()).isNotEqualTo(orphan.pid());
        } finally {
            server.stop();
            orphan.destroyForcibly();
        }
    }

    /** Visibility is eventually consistent: the workflow shows up in the query a moment after it started. */
    private static void awaitListed(WorkflowServiceStubs service, String query) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        ListWorkflowExecutionsRequest request = ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(TemporalCliServer.NAMESPACE).setQuery(query).build();
        while (service.blockingStub().listWorkflowExecutions(request).getExecutionsCount() != 1) {
            assertThat(Instant.now()).as("the workflow in the visibility query %s", query).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WorkflowServiceStubs stubs(String target) {
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    }

    private static String greetOver(String target) {
        WorkflowServiceStubs service = stubs(target);
        try {
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(TemporalCliServer.NAMESPACE).build());
            WorkerFactory factory = WorkerFactory.newInstance(client);
            factory.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
            factory.start();
            try {
                return client.newWorkflowStub(GreetingWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).build()).greet("dev");
            } finally {
                factory.shutdownNow();
            }
        } finally {
            service.shutdownNow();
        }
    }


    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

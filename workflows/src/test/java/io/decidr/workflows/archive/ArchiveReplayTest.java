package io.decidr.workflows.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.saga.Caller;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded histories of the archive-collection saga (src/test/resources/histories) replay against today's workflow
 * code: a change that would break archives in flight fails here. Record them again, deliberately, with
 * {@code -Ddecidr.record-histories=true} (and say why in the commit).
 */
class ArchiveReplayTest {

    private static final Path HISTORIES = Path.of("src/test/resources/histories");
    private static final List<String> RECORDED = List.of("archive-done", "archive-page-refused", "archive-cancelled",
            "archive-continued-as-new");

    @Test
    void every_recorded_history_replays() throws Exception {
        for (String name : RECORDED) {
            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(resource(name)),
                    ArchiveCollectionWorkflowImpl.class);
        }
    }

    @Test
    void the_recorded_histories_show_the_compensations() throws Exception {
        assertThat(resource("archive-page-refused")).contains("\"ArchiveCollection.RestoreEntities\"")
                .doesNotContain("\"ArchiveCollection.ArchiveCollection\"");
        assertThat(resource("archive-cancelled")).contains("EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED",
                "\"ArchiveCollection.RestoreEntities\"", "EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED");
        assertThat(resource("archive-done")).contains("\"ArchiveCollection.ArchiveCollection\"")
                .doesNotContain("\"ArchiveCollection.RestoreEntities\"");
        assertThat(resource("archive-continued-as-new")).contains("EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW");
    }

    private static String resource(String name) throws IOException {
        try (var in = ArchiveReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
            assertThat(in).as("history %s is recorded", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "decidr.record-histories", matches = "true")
    void record() throws Exception {
        record("archive-done", new ScriptedArchiveActivities(7), 3, 200, null);
        record("archive-page-refused", new ScriptedArchiveActivities(7)
                .refuse("archive:3", RejectionCode.TENANT_SUSPENDED, "the tenant is suspended"), 3, 200, null);
        record("archive-cancelled", new ScriptedArchiveActivities(7).hold("archive:3"), 3, 200, "archive:3");
        record("archive-continued-as-new", new ScriptedArchiveActivities(7), 2, 2, null);
    }

    private static void record(String name, ScriptedArchiveActivities activities, int pageSize, int pagesPerRun,
            String cancelAt) throws Exception {
        ArchiveRequest request = new ArchiveRequest(new Caller(UUID.randomUUID(), "ada", List.of(Role.ADMIN)),
                UUID.randomUUID(), UUID.randomUUID(), pageSize, pagesPerRun);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(TaskQueues.SAGAS);
            worker.registerWorkflowImplementationTypes(ArchiveCollectionWorkflowImpl.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            WorkflowStub stub = WorkflowStub.fromTyped(client.newWorkflowStub(ArchiveCollectionWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()));
            var started = stub.start(request, ArchiveProgress.START);
            if (cancelAt != null) {
                activities.await(cancelAt);
                stub.cancel();
            }
            try {
                stub.getResult(ArchiveOutcome.class);
            } catch (io.temporal.client.WorkflowFailedException cancelled) {
                // the cancelled one: its history is what we keep
            }
            // the first run's history: for the continued one, the run that continued as new
            WorkflowExecutionHistory history = client.fetchHistory(request.workflowId(), started.getRunId());
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(name + ".json"), history.toJson(true));
        }
    }
}

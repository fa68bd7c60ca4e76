package io.decidr.workflows.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded histories of the link and unlink sagas (src/test/resources/histories) replay against today's workflow
 * code: a change that would break workflows in flight fails here. Record them again, deliberately, with
 * {@code -Ddecidr.record-histories=true} (and say why in the commit).
 */
class LinkSagaReplayTest {

    private static final Path HISTORIES = Path.of("src/test/resources/histories");
    private static final List<String> RECORDED = List.of("link-done", "link-backlink-refused", "unlink-done",
            "unlink-backlink-refused");

    @Test
    void every_recorded_history_replays() throws Exception {
        for (String name : RECORDED) {
            String json = resource(name);
            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), LinkEntitiesWorkflowImpl.class,
                    UnlinkEntitiesWorkflowImpl.class);
        }
    }

    @Test
    void the_recorded_histories_show_the_compensations() throws Exception {
        assertThat(resource("link-backlink-refused")).contains("\"AddLink\"", "\"AddBacklink\"", "\"UndoLink\"");
        assertThat(resource("unlink-backlink-refused")).contains("\"RemoveLink\"", "\"RemoveBacklink\"", "\"RestoreLink\"");
        assertThat(resource("link-done")).doesNotContain("\"UndoLink\"");
    }

    private static String resource(String name) throws IOException {
        try (var in = LinkSagaReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
            assertThat(in).as("history %s is recorded", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "decidr.record-histories", matches = "true")
    void record() throws IOException {
        record("link-done", activities -> { }, true);
        record("link-backlink-refused", activities -> activities.refuse("addBacklink", RejectionCode.ARCHIVED,
                "the target is archived"), true);
        record("unlink-done", activities -> { }, false);
        record("unlink-backlink-refused", activities -> activities.refuse("removeBacklink", RejectionCode.TENANT_SUSPENDED,
                "the tenant is suspended"), false);
    }

    private static void record(String name, Consumer<ScriptedLinkActivities> script, boolean link) throws IOException {
        LinkRequest request = new LinkRequest(UUID.randomUUID(), "ada", List.of(Role.MEMBER), UUID.randomUUID(),
                "Employer", UUID.randomUUID(), UUID.randomUUID());
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            ScriptedLinkActivities activities = new ScriptedLinkActivities();
            script.accept(activities);
            Worker worker = env.newWorker(TaskQueues.SAGAS);
            worker.registerWorkflowImplementationTypes(LinkEntitiesWorkflowImpl.class, UnlinkEntitiesWorkflowImpl.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            String workflowId = request.workflowId(link ? LinkEntitiesWorkflow.ID_PREFIX : UnlinkEntitiesWorkflow.ID_PREFIX);
            WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(workflowId).build();
            if (link) {
                env.getWorkflowClient().newWorkflowStub(LinkEntitiesWorkflow.class, options).link(request);
            } else {
                env.getWorkflowClient().newWorkflowStub(UnlinkEntitiesWorkflow.class, options).unlink(request);
            }
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(workflowId);
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(name + ".json"), history.toJson(true));
        }
    }
}

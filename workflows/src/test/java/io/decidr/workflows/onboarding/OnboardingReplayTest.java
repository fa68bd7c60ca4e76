package io.decidr.workflows.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded histories of the onboarding saga (src/test/resources/histories) replay against today's workflow code: a
 * change that would break onboardings in flight fails here. Record them again, deliberately, with
 * {@code -Ddecidr.record-histories=true} (and say why in the commit).
 */
class OnboardingReplayTest {

    private static final Path HISTORIES = Path.of("src/test/resources/histories");
    private static final List<String> RECORDED = List.of("onboard-done", "onboard-contacts-refused");

    @Test
    void every_recorded_history_replays() throws Exception {
        for (String name : RECORDED) {
            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(resource(name)),
                    OnboardTenantWorkflowImpl.class);
        }
    }

    @Test
    void the_recorded_histories_show_the_compensations() throws Exception {
        assertThat(resource("onboard-contacts-refused")).contains("\"Onboarding.CreateCollection\"",
                "\"Onboarding.ArchiveCollection\"", "\"Onboarding.SuspendTenant\"");
        assertThat(resource("onboard-done")).contains("\"Onboarding.GrantAdmin\"")
                .doesNotContain("\"Onboarding.SuspendTenant\"");
    }

    private static String resource(String name) throws IOException {
        try (var in = OnboardingReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
            assertThat(in).as("history %s is recorded", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "decidr.record-histories", matches = "true")
    void record() throws IOException {
        record("onboard-done", activities -> { });
        record("onboard-contacts-refused", activities -> activities.refuse("createCollection:Contacts",
                RejectionCode.VALIDATION_FAILED, "a collection named Contacts exists"));
    }

    private static void record(String name, Consumer<ScriptedOnboardingActivities> script) throws IOException {
        OnboardingRequest request = OnboardingWorkflowTest.request();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            ScriptedOnboardingActivities activities = new ScriptedOnboardingActivities();
            script.accept(activities);
            Worker worker = env.newWorker(TaskQueues.SAGAS);
            worker.registerWorkflowImplementationTypes(OnboardTenantWorkflowImpl.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            env.getWorkflowClient().newWorkflowStub(OnboardTenantWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()).onboard(request);
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(request.workflowId());
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(name + ".json"), history.toJson(true));
        }
    }
}

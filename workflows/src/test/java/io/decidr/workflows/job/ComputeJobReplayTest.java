package io.decidr.workflows.job;

import io.decidr.domain.access.Role;
import io.decidr.domain.job.JobKind;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded histories of compute jobs (src/test/resources/histories/job-*.json) replay against today's workflow code.
 * Record them again, deliberately, with {@code -Ddecidr.record-histories=true}.
 */
class ComputeJobReplayTest {

    private static final Path HISTORIES = Path.of("src/test/resources/histories");
    private static final List<String> RECORDED = List.of("job-completed", "job-continued-as-new", "job-failed",
            "job-cancelled", "job-step-failed");

    @Test
    void every_recorded_history_replays() throws Exception {
        for (String name : RECORDED) {
            try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/histories/" + name + ".json"), name)) {
                WorkflowReplayer.replayWorkflowExecution(
                        WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                        ComputeJobWorkflowImpl.class);
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "decidr.record-histories", matches = "true")
    void record() throws Exception {
        record("job-completed", new ScriptedJobActivities(3, 10), false);
        record("job-continued-as-new", new ScriptedJobActivities(ComputeJobWorkflowImpl.CHUNKS_PER_RUN + 2, 2), false);
        ScriptedJobActivities failing = new ScriptedJobActivities(4, 10);
        failing.failAt = 1;
        record("job-failed", failing, false);
        ScriptedJobActivities held = new ScriptedJobActivities(4, 10);
        held.holdAt = 1;
        record("job-cancelled", held, true);
        ScriptedJobActivities broken = new ScriptedJobActivities(4, 10);
        broken.brokenAt = 1;
        record("job-step-failed", broken, false);
    }

    private static void record(String name, ScriptedJobActivities activities, boolean cancel) throws IOException,
            InterruptedException {
        JobInput input = new JobInput(UUID.randomUUID(), "ann", List.of(Role.MEMBER), UUID.randomUUID(), JobKind.FORMULA,
                UUID.randomUUID(), null, JobCounters.NONE, false, JobRetry.DEFAULT);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            env.registerSearchAttribute(WorkflowSearchAttributes.JOB_STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            Worker worker = env.newWorker(TaskQueues.JOBS);
            worker.registerWorkflowImplementationTypes(ComputeJobWorkflowImpl.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            ComputeJobWorkflow job = env.getWorkflowClient().newWorkflowStub(ComputeJobWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.JOBS).setWorkflowId(input.workflowId()).build());
            WorkflowClient.start(job::run, input);
            WorkflowStub stub = WorkflowStub.fromTyped(job);
            if (cancel) {
                activities.held.await(30, TimeUnit.SECONDS);
                stub.cancel();
            }
            try {
                stub.getResult(JobCounters.class);
            } catch (RuntimeException ended) {
                // failed and cancelled jobs end with a failure: their history is what is recorded
            }
            // for a job that continued as new: its first run, the history that ends with the continuation
            WorkflowExecutionHistory history = name.equals("job-continued-as-new")
                    ? env.getWorkflowClient().fetchHistory(input.workflowId(), firstRun(env, input))
                    : env.getWorkflowClient().fetchHistory(input.workflowId());
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(name + ".json"), history.toJson(true));
        }
    }

    private static String firstRun(TestWorkflowEnvironment env, JobInput input) {
        return env.getWorkflowClient().fetchHistory(input.workflowId()).getEvents().getFirst()
                .getWorkflowExecutionStartedEventAttributes().getFirstExecutionRunId();
    }
}

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
    /**
     * Histories of runs before chunks ran side by side (one chunk after the other), and of runs since
     * ({@code job-side-by-side-*}, {@link ComputeJobWorkflowImpl#PARALLEL_CHUNKS} version 1). Both must replay: a job
     * running when the workers are upgraded finishes on the new code.
     */
    private static final List<String> RECORDED = List.of("job-completed", "job-continued-as-new", "job-failed",
            "job-cancelled", "job-step-failed", "job-side-by-side-completed", "job-side-by-side-continued-as-new",
            "job-side-by-side-failed", "job-side-by-side-cancelled", "job-side-by-side-step-failed");

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
        // the histories of one-chunk-after-the-other runs (job-completed, ...) cannot be recorded again: today's code
        // starts every run side by side; they stay as they were recorded
        String prefix = "job-side-by-side-";
        record(prefix + "completed", new ScriptedJobActivities(6, 10), false);
        record(prefix + "continued-as-new",
                new ScriptedJobActivities(JobInput.DEFAULT_CHUNKS_PER_RUN + 2, 2), false);
        ScriptedJobActivities failing = new ScriptedJobActivities(8, 10);
        failing.failAt = 1;
        record(prefix + "failed", failing, false);
        ScriptedJobActivities held = new ScriptedJobActivities(8, 10);
        held.holdAt = 1;
        record(prefix + "cancelled", held, true);
        ScriptedJobActivities broken = new ScriptedJobActivities(8, 10);
        broken.brokenAt = 1;
        record(prefix + "step-failed", broken, false);
    }

    private static void record(String name, ScriptedJobActivities activities, boolean cancel) throws IOException,
            InterruptedException {
        JobInput input = new JobInput(UUID.randomUUID(), "ann", List.of(Role.MEMBER), UUID.randomUUID(), JobKind.FORMULA,
                UUID.randomUUID(), null, JobCounters.NONE, false, JobRetry.DEFAULT, 0);
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
                ComputeJobWorkflowTest.awaitCounted(job, 10);
                stub.cancel();
            }
            try {
                stub.getResult(JobCounters.class);
            } catch (RuntimeException ended) {
                // failed and cancelled jobs end with a failure: their history is what is recorded
            }
            // for a job that continued as new: its first run, the history that ends with the continuation
            WorkflowExecutionHistory history = name.endsWith("continued-as-new")
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

package io.decidr.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Role;
import io.decidr.domain.job.JobKind;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compute job workflow with scripted activities: completion, continue-as-new, failure and cancel paths. */
class ComputeJobWorkflowTest {

    private final JobInput input = new JobInput(UUID.randomUUID(), "ann", List.of(Role.MEMBER), UUID.randomUUID(),
            JobKind.IMPORT, UUID.randomUUID(), null, JobCounters.NONE, false);
    private TestWorkflowEnvironment env;
    private ScriptedJobActivities activities;

    private ComputeJobWorkflow start(ScriptedJobActivities scripted) {
        activities = scripted;
        env = TestWorkflowEnvironment.newInstance();
        env.registerSearchAttribute(WorkflowSearchAttributes.JOB_STATUS.getName(),
                io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        Worker worker = env.newWorker(TaskQueues.JOBS);
        worker.registerWorkflowImplementationTypes(ComputeJobWorkflowImpl.class);
        worker.registerActivitiesImplementations(scripted);
        env.start();
        return env.getWorkflowClient().newWorkflowStub(ComputeJobWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.JOBS).setWorkflowId(input.workflowId()).build());
    }

    @AfterEach
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void works_through_every_chunk_then_reports_completion() {
        JobCounters done = start(new ScriptedJobActivities(3, 10)).run(input);
        assertThat(done.done()).isEqualTo(30);
        assertThat(done.total()).isEqualTo(30);
        assertThat(done.created()).isEqualTo(30);
        assertThat(activities.calls).containsExactly("begin", "process 0", "process 1", "process 2", "progress", "complete");
    }

    @Test
    void continues_as_new_on_a_long_job_and_keeps_counting() {
        int chunks = ComputeJobWorkflowImpl.CHUNKS_PER_RUN * 2 + 5;
        JobCounters done = start(new ScriptedJobActivities(chunks, 4)).run(input);
        assertThat(done.done()).isEqualTo(chunks * 4L);
        assertThat(activities.calls.stream().filter("begin"::equals)).hasSize(1);
        assertThat(activities.calls.stream().filter(c -> c.startsWith("process"))).hasSize(chunks);
        assertThat(activities.calls.getLast()).isEqualTo("complete");
        var history = env.getWorkflowClient().fetchHistory(input.workflowId()).getEvents();
        assertThat(history.getLast().getEventType()).as("the last run ran only the chunks after the second continue-as-new")
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).hasSizeLessThan(12);
    }

    @Test
    void an_item_that_fails_the_job_compensates_then_records_the_failure() {
        ScriptedJobActivities scripted = new ScriptedJobActivities(5, 10);
        scripted.failAt = 2;
        ComputeJobWorkflow job = start(scripted);
        assertThatThrownBy(() -> job.run(input)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls).containsSubsequence("process 2", "compensate", "fail row 7: bad (3 undone)");
        assertThat(activities.calls).doesNotContain("complete", "process 3");
    }

    @Test
    void a_cancel_midway_stops_the_chunk_compensates_and_records_it() throws Exception {
        ScriptedJobActivities scripted = new ScriptedJobActivities(5, 10);
        scripted.holdAt = 2;
        ComputeJobWorkflow job = start(scripted);
        WorkflowClient.start(job::run, input);
        assertThat(scripted.held.await(30, TimeUnit.SECONDS)).isTrue();
        WorkflowStub stub = WorkflowStub.fromTyped(job);
        stub.cancel();
        assertThatThrownBy(() -> stub.getResult(JobCounters.class)).hasRootCauseInstanceOf(CanceledFailure.class);
        assertThat(activities.calls).containsSubsequence("process 2", "compensate", "cancelled 3 true");
        assertThat(activities.calls).doesNotContain("complete", "process 3");
    }
}

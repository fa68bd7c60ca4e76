package io.decidr.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobKind;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.job.ComputeJobWorkflow;
import io.decidr.workflows.job.JobCounters;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.job.JobRetry;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A schedule's run with a scripted request and a stand-in job workflow: it requests the job with the run's workflow id,
 * runs it as the child {@code job/<tenant>/<job>} with the job's search attributes, ends with it; a cancelled job ends
 * the run normally, a cancelled run cancels its job, a rejected request is not retried.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScheduledJobWorkflowTest {

    /** Jobs of kind FORMULA run until cancelled; the others end at once with one item done. */
    public static class StandInJob implements ComputeJobWorkflow {

        private JobCounters counters = JobCounters.NONE;

        @Override
        public JobCounters run(JobInput job) {
            if (job.kind() == JobKind.FORMULA) {
                Workflow.sleep(Duration.ofDays(1));
            }
            counters = new JobCounters(1, 1, 1, 0, 0, null);
            return counters;
        }

        @Override
        public JobCounters progress() {
            return counters;
        }
    }

    private final UUID tenant = UUID.randomUUID();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private volatile RuntimeException refusal;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        for (SearchAttributeKey<?> key : WorkflowSearchAttributes.ALL) {
            env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        Worker worker = env.newWorker(TaskQueues.JOBS);
        worker.registerWorkflowImplementationTypes(ScheduledJobWorkflowImpl.class, StandInJob.class);
        worker.registerActivitiesImplementations((ScheduledJobActivities) (schedule, runWorkflowId) -> {
            requests.add(runWorkflowId);
            if (refusal != null) {
                throw refusal;
            }
            UUID job = UUID.nameUUIDFromBytes(runWorkflowId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new JobInput(schedule.tenantId(), schedule.user(), schedule.roles(), job, schedule.kind(),
                    schedule.collectionId(), null, JobCounters.NONE, false, JobRetry.DEFAULT, 0);
        });
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private ScheduledJob schedule(JobKind kind) {
        return new ScheduledJob(tenant, "ann", List.of(Role.MEMBER), UUID.randomUUID(), kind, UUID.randomUUID(), "{}");
    }

    private WorkflowStub run(String runId, ScheduledJob schedule) {
        WorkflowStub run = client.newUntypedWorkflowStub("ScheduledComputeJob",
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.JOBS).setWorkflowId(runId).build());
        run.start(schedule);
        return run;
    }

    private static String jobWorkflowId(UUID tenant, String runId) {
        return JobInput.workflowId(tenant, UUID.nameUUIDFromBytes(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void a_run_requests_its_job_with_its_own_workflow_id_and_runs_it_as_an_ordinary_job() {
        ScheduledJob schedule = schedule(JobKind.IMPORT);
        String runId = ScheduledJob.runWorkflowId(tenant, schedule.scheduleId()) + "-2026-12-03T03:00:00Z";

        JobCounters counters = run(runId, schedule).getResult(JobCounters.class);

        assertThat(counters.done()).isEqualTo(1);
        assertThat(requests).containsExactly(runId);
        var job = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder().setNamespace(env.getNamespace())
                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                .setWorkflowId(jobWorkflowId(tenant, runId)))
                        .build());
        assertThat(job.getWorkflowExecutionInfo().getType().getName()).isEqualTo("ComputeJob");
        assertThat(job.getWorkflowExecutionInfo().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        assertThat(job.getWorkflowExecutionInfo().getParentExecution().getWorkflowId()).isEqualTo(runId);
        assertThat(job.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
                .containsKeys("TenantId", "JobKind", "CollectionId", "JobStatus");
    }

    @Test
    void a_job_cancelled_by_its_user_ends_the_run_normally() {
        ScheduledJob schedule = schedule(JobKind.FORMULA);
        String runId = ScheduledJob.runWorkflowId(tenant, schedule.scheduleId()) + "-2026-12-03T04:00:00Z";
        WorkflowStub run = run(runId, schedule);
        WorkflowStub job = client.newUntypedWorkflowStub(jobWorkflowId(tenant, runId));
        awaitRunning(jobWorkflowId(tenant, runId));

        job.cancel();

        assertThat(run.getResult(JobCounters.class)).isEqualTo(JobCounters.NONE);
        assertThatThrownBy(() -> job.getResult(JobCounters.class)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
    }

    @Test
    void a_cancelled_run_cancels_its_job() {
        ScheduledJob schedule = schedule(JobKind.FORMULA);
        String runId = ScheduledJob.runWorkflowId(tenant, schedule.scheduleId()) + "-2026-12-03T05:00:00Z";
        WorkflowStub run = run(runId, schedule);
        awaitRunning(jobWorkflowId(tenant, runId));

        run.cancel();

        assertThatThrownBy(() -> run.getResult(JobCounters.class)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        WorkflowStub job = client.newUntypedWorkflowStub(jobWorkflowId(tenant, runId));
        assertThatThrownBy(() -> job.getResult(JobCounters.class)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
    }

    @Test
    void a_rejected_request_fails_the_run_at_once() {
        refusal = Rejection.archived("collection is archived");
        ScheduledJob schedule = schedule(JobKind.IMPORT);
        String runId = ScheduledJob.runWorkflowId(tenant, schedule.scheduleId()) + "-2026-12-03T06:00:00Z";

        assertThatThrownBy(() -> run(runId, schedule).getResult(JobCounters.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().isInstanceOf(ActivityFailure.class)
                .cause().isInstanceOf(ApplicationFailure.class)
                .satisfies(failure -> assertThat(((ApplicationFailure) failure).getType()).isEqualTo(Rejection.class.getName()));
        assertThat(requests).hasSize(1);
    }

    private void awaitRunning(String workflowId) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try {
                var info = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(env.getNamespace())
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(workflowId))
                                .build()).getWorkflowExecutionInfo();
                if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                    return;
                }
            } catch (io.grpc.StatusRuntimeException notYet) {
                // not started yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(workflowId + " never ran");
    }
}

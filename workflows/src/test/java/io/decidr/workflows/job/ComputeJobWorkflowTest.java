package io.decidr.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.decidr.domain.access.Role;
import io.decidr.domain.failure.FailureNotice;
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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The compute job workflow with scripted activities: completion, continue-as-new, failure and cancel paths, and a
 * step that fails every attempt (finite retries, then FAILED with a notice and compensation).
 */
class ComputeJobWorkflowTest {

    private final JobInput input = input(JobRetry.DEFAULT);
    private final Logger workflowLog = (Logger) LoggerFactory.getLogger(ComputeJobWorkflowImpl.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private TestWorkflowEnvironment env;
    private ScriptedJobActivities activities;

    private static JobInput input(JobRetry retry) {
        return new JobInput(UUID.randomUUID(), "ann", List.of(Role.MEMBER), UUID.randomUUID(), JobKind.IMPORT,
                UUID.randomUUID(), null, JobCounters.NONE, false, retry, 0);
    }

    private ComputeJobWorkflow start(ScriptedJobActivities scripted) {
        return start(scripted, input);
    }

    private ComputeJobWorkflow start(ScriptedJobActivities scripted, JobInput job) {
        activities = scripted;
        env = TestWorkflowEnvironment.newInstance();
        env.registerSearchAttribute(WorkflowSearchAttributes.JOB_STATUS.getName(),
                io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        Worker worker = env.newWorker(TaskQueues.JOBS);
        worker.registerWorkflowImplementationTypes(ComputeJobWorkflowImpl.class);
        worker.registerActivitiesImplementations(scripted);
        env.start();
        return env.getWorkflowClient().newWorkflowStub(ComputeJobWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.JOBS).setWorkflowId(job.workflowId()).build());
    }

    @AfterEach
    void stop() {
        if (env != null) {
            env.close();
        }
        workflowLog.detachAppender(logged);
    }

    @BeforeEach
    void capture() {
        logged.start();
        workflowLog.addAppender(logged);
    }

    @Test
    void works_through_every_chunk_then_reports_completion() {
        JobCounters done = start(new ScriptedJobActivities(3, 10)).run(input);
        assertThat(done.done()).isEqualTo(30);
        assertThat(done.total()).isEqualTo(30);
        assertThat(done.created()).isEqualTo(30);
        // chunks run side by side: in any order between the start and the end
        assertThat(activities.calls.getFirst()).isEqualTo("begin");
        assertThat(activities.calls.subList(1, 4)).containsExactlyInAnyOrder("process 0", "process 1", "process 2");
        assertThat(activities.calls.subList(4, activities.calls.size())).containsExactly("progress", "complete");
    }

    @Test
    void continues_as_new_on_a_long_job_and_keeps_counting() {
        int chunks = JobInput.DEFAULT_CHUNKS_PER_RUN * 2 + 5;
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
    void a_job_continues_as_new_after_the_chunks_per_run_of_its_input() {
        JobInput three = new JobInput(input.tenantId(), "ann", List.of(Role.MEMBER), input.jobId(), JobKind.IMPORT,
                input.collectionId(), null, JobCounters.NONE, false, JobRetry.DEFAULT, 3);
        JobCounters done = start(new ScriptedJobActivities(8, 2), three).run(three);
        assertThat(done.done()).isEqualTo(16);
        assertThat(activities.calls.stream().filter(c -> c.startsWith("process"))).hasSize(8);
        var history = env.getWorkflowClient().fetchHistory(three.workflowId()).getEvents();
        assertThat(history.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Process")))
                .as("the last of three runs: chunks 7 and 8").hasSize(2);
    }

    @Test
    void an_item_that_fails_the_job_compensates_then_records_the_failure() {
        ScriptedJobActivities scripted = new ScriptedJobActivities(20, 10);
        scripted.failAt = 2;
        ComputeJobWorkflow job = start(scripted);
        assertThatThrownBy(() -> job.run(input)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls).containsSubsequence("process 2", "compensate", "fail JOB_ITEM_FAILED: row 7: bad; 3 undone");
        // no chunk starts after the failing one is counted: only those already running with it finish
        assertThat(activities.calls).doesNotContain("complete", beyondRunningWith(2));
        assertThat(activities.calls.indexOf("compensate")).as("compensation after every chunk that ran")
                .isGreaterThan(activities.calls.lastIndexOf("process " + (2 + ComputeJobWorkflowImpl.CHUNKS_AT_ONCE - 1)));
    }

    @Test
    void a_cancel_midway_stops_the_chunk_compensates_and_records_it() throws Exception {
        ScriptedJobActivities scripted = new ScriptedJobActivities(20, 10);
        scripted.holdAt = 2;
        ComputeJobWorkflow job = start(scripted);
        WorkflowClient.start(job::run, input);
        assertThat(scripted.held.await(30, TimeUnit.SECONDS)).isTrue();
        awaitCounted(job, 2 * 10);
        WorkflowStub stub = WorkflowStub.fromTyped(job);
        stub.cancel();
        assertThatThrownBy(() -> stub.getResult(JobCounters.class)).hasRootCauseInstanceOf(CanceledFailure.class);
        assertThat(activities.calls).containsSubsequence("process 2", "compensate", "cancelled 3 true");
        assertThat(activities.calls).doesNotContain("complete", beyondRunningWith(2));
    }

    @Test
    @Timeout(60) // with retries that never end, the run would never end either
    void a_chunk_that_fails_every_attempt_fails_the_job_after_its_last_attempt_and_compensates() {
        ScriptedJobActivities scripted = new ScriptedJobActivities(20, 10);
        scripted.brokenAt = 2;
        ComputeJobWorkflow job = start(scripted);
        assertThatThrownBy(() -> job.run(input)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("process 2"::equals)).as("tried exactly as often as the default says")
                .hasSize(JobRetry.DEFAULT.maxAttempts());
        assertThat(activities.calls).containsSubsequence("process 2", "compensate")
                .doesNotContain("complete", beyondRunningWith(2));
        FailureNotice notice = failure(activities);
        assertThat(notice.code()).isEqualTo("JOB_STEP_FAILED");
        assertThat(notice.message()).isEqualTo("the chunk from item 21 failed after 5 attempts; 3 undone");
        assertThat(notice.text()).doesNotContain("Exception", "java.", "com.datastax", "no node");
        assertThat(loggedUnder(notice.incident())).as("the detail is in the log under the incident id").singleElement()
                .satisfies(line -> assertThat(line.getThrowableProxy()).isNotNull());
    }

    @Test
    @Timeout(60) // with retries that never end, the run would never end either
    void a_job_kind_with_fewer_attempts_gives_up_sooner() {
        ScriptedJobActivities scripted = new ScriptedJobActivities(5, 10);
        scripted.brokenAt = 0;
        JobInput twice = input(new JobRetry(2, Duration.ofSeconds(3), Duration.ofSeconds(3)));
        ComputeJobWorkflow job = start(scripted, twice);
        assertThatThrownBy(() -> job.run(twice)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("process 0"::equals)).hasSize(2);
        assertThat(failure(activities).message()).isEqualTo("the chunk from item 1 failed after 2 attempts; 3 undone");
    }

    @Test
    @Timeout(60) // with retries that never end, the run would never end either
    void a_compensation_that_fails_too_is_said_and_the_job_still_ends_failed() {
        ScriptedJobActivities scripted = new ScriptedJobActivities(5, 10);
        scripted.brokenAt = 1;
        scripted.compensationBroken = true;
        JobInput once = input(new JobRetry(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        ComputeJobWorkflow job = start(scripted, once);
        assertThatThrownBy(() -> job.run(once)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("compensate"::equals)).hasSize(1);
        FailureNotice notice = failure(activities);
        assertThat(notice.message()).isEqualTo("the chunk from item 11 failed after 1 attempt; undoing its changes failed too");
        assertThat(loggedUnder(notice.incident())).hasSize(2);
    }

    @Test
    @Timeout(60)
    void a_cancel_whose_compensation_fails_is_recorded_as_failed_not_compensated() throws Exception {
        ScriptedJobActivities scripted = new ScriptedJobActivities(5, 10);
        scripted.holdAt = 1;
        scripted.compensationBroken = true;
        JobInput once = input(new JobRetry(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        ComputeJobWorkflow job = start(scripted, once);
        WorkflowClient.start(job::run, once);
        assertThat(scripted.held.await(30, TimeUnit.SECONDS)).isTrue();
        awaitCounted(job, 10);
        WorkflowStub stub = WorkflowStub.fromTyped(job);
        stub.cancel();
        assertThatThrownBy(() -> stub.getResult(JobCounters.class)).hasRootCauseInstanceOf(CanceledFailure.class);
        assertThat(activities.calls).containsSubsequence("process 1", "compensate").noneMatch(c -> c.startsWith("cancelled"));
        FailureNotice notice = failure(activities);
        assertThat(notice.text()).startsWith("JOB_STEP_FAILED: undoing the job's changes after its cancel failed; incident ");
        assertThat(loggedUnder(notice.incident())).hasSize(1);
    }

    /**
     * Waits until the workflow has counted {@code done} items: the chunks before the held one are then recorded as
     * completed, so the cancel that follows meets none of them completing.
     */
    static void awaitCounted(ComputeJobWorkflow job, long done) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (job.progress().done() < done) {
            assertThat(System.nanoTime()).as("the workflow counts %d items", done).isLessThan(until);
            Thread.onSpinWait();
        }
    }

    /**
     * The first chunk that can never start once chunk {@code chunk} stops the job: the chunks after it that were
     * running alongside it finish, no other starts.
     */
    private static String beyondRunningWith(int chunk) {
        return "process " + (chunk + ComputeJobWorkflowImpl.CHUNKS_AT_ONCE);
    }

    /** The notice the workflow recorded the job's failure with. */
    private static FailureNotice failure(ScriptedJobActivities activities) {
        String recorded = activities.calls.stream().filter(call -> call.startsWith("fail ")).findFirst().orElseThrow()
                .substring("fail ".length());
        return FailureNotice.parse(recorded).orElseThrow(() -> new AssertionError("not a notice: " + recorded));
    }

    /** The ERROR lines the workflow logged under the incident id. */
    private List<ILoggingEvent> loggedUnder(UUID incident) {
        assertThat(incident).isNotNull();
        List<ILoggingEvent> lines;
        synchronized (logged) { // the appender appends under its own lock
            lines = List.copyOf(logged.list);
        }
        return lines.stream().filter(line -> line.getLevel() == Level.ERROR)
                .filter(line -> line.getFormattedMessage().contains("incident " + incident)).toList();
    }
}

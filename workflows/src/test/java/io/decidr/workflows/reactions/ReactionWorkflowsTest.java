package io.decidr.workflows.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.archive.EntityPage;
import io.decidr.workflows.archive.PageDone;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process managers' workflows with scripted activities, on Temporal's test environment: what they call, in what
 * order, how a purge pages and continues as new, and that a step failing for a while is retried until it succeeds.
 */
class ReactionWorkflowsTest {

    private static final Trigger TRIGGER = new Trigger("00000000000000aa-" + UUID.randomUUID(), "test.v1");

    private TestWorkflowEnvironment env;
    private final Scripted activities = new Scripted();

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(UnlinkArchivedEntityWorkflowImpl.class,
                PurgeRemovedAttributeWorkflowImpl.class, CancelTenantJobsWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void unlinking_is_one_step_retried_until_it_succeeds() {
        activities.failuresLeft.set(2);
        ArchivedEntity archived = new ArchivedEntity(UUID.randomUUID(), UUID.randomUUID(), TRIGGER);
        int removed = stub(UnlinkArchivedEntityWorkflow.class, archived.workflowId()).unlink(archived);
        assertThat(removed).isEqualTo(3);
        assertThat(activities.calls).containsExactly("unlinkIncoming", "unlinkIncoming", "unlinkIncoming");
    }

    @Test
    void a_purge_pages_through_the_collection_and_continues_as_new() {
        activities.entities = IntStream.range(0, 23).mapToObj(i -> new UUID(7, i)).toList();
        // pages of 5, two pages per run: the 23 entities take 5 pages over 3 runs
        RemovedAttribute removed = new RemovedAttribute(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                TRIGGER, 5, 2);
        PurgeProgress done = stub(PurgeRemovedAttributeWorkflow.class, removed.workflowId())
                .purge(removed, PurgeProgress.START);
        assertThat(done.entities()).isEqualTo(23);
        assertThat(done.links()).isEqualTo(23);
        assertThat(activities.purged).containsExactlyElementsOf(activities.entities);
        assertThat(activities.calls).filteredOn("listEntities"::equals).hasSize(5);
    }

    @Test
    void cancelling_asks_for_each_open_job_and_counts_those_still_open() {
        activities.jobs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        activities.endedMeanwhile = activities.jobs.get(1);
        SuspendedTenant suspended = new SuspendedTenant(UUID.randomUUID(), TRIGGER);
        int cancelled = stub(CancelTenantJobsWorkflow.class, suspended.workflowId()).cancelJobs(suspended);
        assertThat(cancelled).isEqualTo(2);
        assertThat(activities.calls).containsExactly("openJobs", "cancelJob", "cancelJob", "cancelJob");
    }

    private <W> W stub(Class<W> type, String workflowId) {
        WorkflowClient client = env.getWorkflowClient();
        return client.newWorkflowStub(type, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(workflowId).build());
    }

    /** Activities that record their calls; the collection is a list, its cursor the index in {@code position}. */
    static final class Scripted implements ReactionActivities {

        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<UUID> purged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile List<UUID> entities = List.of();
        volatile List<UUID> jobs = List.of();
        volatile UUID endedMeanwhile;

        @Override
        public int unlinkIncoming(ArchivedEntity archived) {
            calls.add("unlinkIncoming");
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is failing over");
            }
            return 3;
        }

        @Override
        public EntityPage listEntities(RemovedAttribute removed, Checkpoint after) {
            calls.add("listEntities");
            int from = (int) after.position();
            int to = Math.min(entities.size(), from + removed.pageSize());
            return new EntityPage(entities.subList(from, to), new Checkpoint(0, to), to - from < removed.pageSize());
        }

        @Override
        public PageDone purgeAttribute(RemovedAttribute removed, List<UUID> page) {
            calls.add("purgeAttribute");
            purged.addAll(page);
            return new PageDone(page.size(), page.size());
        }

        @Override
        public List<UUID> openJobs(SuspendedTenant suspended) {
            calls.add("openJobs");
            return jobs;
        }

        @Override
        public boolean cancelJob(SuspendedTenant suspended, UUID job) {
            calls.add("cancelJob");
            return !job.equals(endedMeanwhile);
        }
    }
}

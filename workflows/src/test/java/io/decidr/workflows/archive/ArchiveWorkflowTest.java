package io.decidr.workflows.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.archive.ArchiveProgress.Phase;
import io.decidr.workflows.saga.Caller;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The archive-collection saga with scripted activities: 7 entities in pages of 3 (one archived before, links into
 * every third), every step refused or broken in turn, a cancel midway and one past the point of no return.
 */
@Timeout(60)
class ArchiveWorkflowTest {

    /** The forward steps of 7 entities in pages of 3. */
    static final List<String> STEPS = List.of("check", "list:0", "archive:0", "list:3", "archive:3", "list:6", "archive:6",
            "archiveCollection");

    private TestWorkflowEnvironment env;
    private ScriptedArchiveActivities activities;
    private ArchiveRequest request;
    private WorkflowStub stub;

    private void start(ScriptedArchiveActivities scripted, int pageSize, int pagesPerRun) {
        activities = scripted;
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(ArchiveCollectionWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        request = new ArchiveRequest(new Caller(UUID.randomUUID(), "ada", List.of(Role.ADMIN)), UUID.randomUUID(),
                UUID.randomUUID(), pageSize, pagesPerRun);
        stub = WorkflowStub.fromTyped(env.getWorkflowClient().newWorkflowStub(ArchiveCollectionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()));
        stub.start(request, ArchiveProgress.START);
    }

    private void start(ScriptedArchiveActivities scripted) {
        start(scripted, 3, ArchiveRequest.PAGES_PER_RUN);
    }

    private static ScriptedArchiveActivities sevenEntities() {
        return new ScriptedArchiveActivities(7).archivedBefore(4);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private ArchiveOutcome outcome() {
        return stub.getResult(ArchiveOutcome.class);
    }

    private ArchiveProgress progress() {
        return env.getWorkflowClient().newWorkflowStub(ArchiveCollectionWorkflow.class, request.workflowId()).progress();
    }

    /** Nothing of the saga's is left: only what was archived before, every link in place, the collection active. */
    private void assertPutBack() {
        assertThat(activities.archived).isEqualTo(Map.of(activities.entities.get(4), "before"));
        assertThat(activities.unlinked).isEmpty();
        assertThat(activities.entities.stream().map(activities.links::get)).containsExactly(2, 0, 0, 2, 0, 0, 2);
        assertThat(activities.collectionArchived).isFalse();
    }

    @Test
    void archives_page_by_page_then_the_collection_then_looks_once_more_for_latecomers() {
        start(sevenEntities());
        ArchiveOutcome outcome = outcome();
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.collectionVersion()).isEqualTo(2);
        assertThat(activities.calls).containsExactly("check", "list:0", "archive:0", "list:3", "archive:3", "list:6",
                "archive:6", "archiveCollection", "list:7");
        assertThat(outcome.progress()).isEqualTo(new ArchiveProgress(Phase.ARCHIVED, outcome.progress().cursor(), 4, 6, 6, 0, 0));
        assertThat(activities.archived).hasSize(7);
        assertThat(activities.links).allSatisfy((entity, links) -> assertThat(links).isZero());
        assertThat(activities.collectionArchived).isTrue();
        assertThat(activities.sagaKeys).singleElement().asString().startsWith(request.workflowId() + "/");
        assertThat(progress().phase()).isEqualTo(Phase.ARCHIVED);
    }

    @ParameterizedTest(name = "refused at {0}")
    @ValueSource(strings = {"check", "list:0", "archive:0", "list:3", "archive:3", "list:6", "archive:6", "archiveCollection"})
    void a_refusal_at_any_step_puts_back_everything_archived_and_unlinked(String refused) {
        ScriptedArchiveActivities scripted = sevenEntities().refuse(refused, RejectionCode.TENANT_SUSPENDED, "suspended");
        start(scripted);
        ArchiveOutcome outcome = outcome();

        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("TENANT_SUSPENDED");
        int k = STEPS.indexOf(refused);
        assertThat(activities.calls.subList(0, k + 1)).containsExactlyElementsOf(STEPS.subList(0, k + 1));
        // the compensation restores every page listed before the failure, from the start
        int listed = (int) STEPS.subList(1, k + 1).stream().filter(step -> step.startsWith("list:")).count()
                - (refused.startsWith("list:") ? 1 : 0);
        List<String> restoring = List.of("list:0", "restore:0", "list:3", "restore:3", "list:6", "restore:6")
                .subList(0, 2 * listed);
        assertThat(activities.calls.subList(k + 1, activities.calls.size())).containsExactlyElementsOf(restoring);
        assertPutBack();
        assertThat(outcome.progress().phase()).isEqualTo(Phase.REFUSED);
        assertThat(outcome.progress().entitiesRestored()).isEqualTo(outcome.progress().entitiesArchived());
        assertThat(outcome.progress().linksRestored()).isEqualTo(outcome.progress().linksRemoved());
    }

    @Test
    void a_broken_page_is_retried_then_everything_is_put_back_and_the_workflow_fails() {
        start(sevenEntities().breakDown("archive:3", 6));
        assertThatThrownBy(this::outcome).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("archive:3"::equals)).hasSize(6);
        assertThat(activities.calls.subList(activities.calls.size() - 4, activities.calls.size()))
                .containsExactly("list:0", "restore:0", "list:3", "restore:3");
        assertPutBack();
        assertThat(progress().phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void a_broken_compensation_is_retried_until_it_gets_through() {
        start(sevenEntities().refuse("archive:6", RejectionCode.ARCHIVED, "archived meanwhile").breakDown("restore:3", 3));
        assertThat(outcome().completed()).isFalse();
        assertThat(activities.calls.stream().filter("restore:3"::equals)).hasSize(4);
        assertPutBack();
    }

    @Test
    void a_cancel_midway_restores_what_was_archived_and_relinks_what_was_unlinked() throws Exception {
        start(sevenEntities().hold("archive:3"));
        activities.await("archive:3");
        // recorded when cancel() returns: the page under way finishes, then the saga stops
        stub.cancel();
        activities.release("archive:3");

        assertThatThrownBy(this::outcome).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(activities.calls).doesNotContain("list:6", "archiveCollection");
        assertThat(activities.calls).containsSubsequence("restore:0", "restore:3");
        assertPutBack();
        assertThat(progress().phase()).isEqualTo(Phase.CANCELLED);
        assertThat(progress().entitiesArchived()).as("pages 1 and 2, but the one archived before").isEqualTo(5);
        assertThat(progress().entitiesRestored()).isEqualTo(5);
        assertThat(progress().linksRestored()).isEqualTo(progress().linksRemoved()).isEqualTo(4);
    }

    @Test
    void a_compensation_run_twice_changes_nothing_the_second_time() throws Exception {
        start(sevenEntities().hold("archive:3"));
        activities.await("archive:3");
        stub.cancel();
        activities.release("archive:3");
        assertThatThrownBy(this::outcome).isInstanceOf(WorkflowFailedException.class);
        List<Object> after = activities.state();
        String sagaKey = activities.sagaKeys.iterator().next();

        activities.restoreEntities(request, sagaKey, activities.entities.subList(0, 3));
        activities.restoreEntities(request, sagaKey, activities.entities.subList(3, 6));
        assertThat(activities.state()).isEqualTo(after);
    }

    @Test
    void a_cancel_once_the_collection_is_being_archived_is_too_late_and_the_saga_finishes() throws Exception {
        start(sevenEntities().hold("archiveCollection"));
        activities.await("archiveCollection");
        stub.cancel();
        activities.release("archiveCollection");

        // Temporal closes a workflow asked to cancel as cancelled, however it ends: its progress tells the truth
        assertThatThrownBy(this::outcome).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(progress().phase()).isEqualTo(Phase.ARCHIVED);
        assertThat(activities.calls).endsWith("archiveCollection", "list:7");
        assertThat(activities.collectionArchived).isTrue();
        assertThat(activities.archived).hasSize(7);
        assertThat(activities.calls).noneMatch(call -> call.startsWith("restore:"));
    }

    @Test
    void continues_as_new_and_a_cancel_in_a_later_run_restores_the_pages_of_every_run() throws Exception {
        start(sevenEntities().hold("archive:6"), 2, 2);
        activities.await("archive:6");
        stub.cancel();
        activities.release("archive:6");

        assertThatThrownBy(this::outcome).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls).containsSubsequence("archive:0", "archive:2", "archive:4", "archive:6",
                "restore:0", "restore:2", "restore:4", "restore:6");
        assertThat(activities.sagaKeys).as("one saga key across the runs").hasSize(1);
        assertPutBack();
    }

    @Test
    void continues_as_new_to_the_end() {
        start(sevenEntities(), 2, 2);
        ArchiveOutcome outcome = outcome();
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.progress().pages()).isEqualTo(5);
        assertThat(outcome.progress().entitiesArchived()).isEqualTo(6);
        assertThat(activities.calls.stream().filter("check"::equals)).as("checked once, in the first run").hasSize(1);
        assertThat(activities.archived).hasSize(7);
    }
}

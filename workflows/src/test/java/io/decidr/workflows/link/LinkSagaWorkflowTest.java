package io.decidr.workflows.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link and unlink sagas with scripted activities: every step refused or broken in turn, and what gets compensated. */
class LinkSagaWorkflowTest {

    private final LinkRequest request = new LinkRequest(UUID.randomUUID(), "ada", List.of(Role.MEMBER), UUID.randomUUID(),
            "Employer", UUID.randomUUID(), UUID.randomUUID());

    private TestWorkflowEnvironment env;
    private ScriptedLinkActivities activities;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = new ScriptedLinkActivities();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(LinkEntitiesWorkflowImpl.class, UnlinkEntitiesWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private LinkOutcome link() {
        return client().newWorkflowStub(LinkEntitiesWorkflow.class, options(LinkEntitiesWorkflow.ID_PREFIX)).link(request);
    }

    private LinkOutcome unlink() {
        return client().newWorkflowStub(UnlinkEntitiesWorkflow.class, options(UnlinkEntitiesWorkflow.ID_PREFIX)).unlink(request);
    }

    private WorkflowClient client() {
        return env.getWorkflowClient();
    }

    private WorkflowOptions options(String prefix) {
        return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId(prefix)).build();
    }

    @Test
    void links_source_then_target_and_compensates_nothing() {
        LinkOutcome outcome = link();
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.source().stream()).endsWith(request.sourceId().toString());
        assertThat(outcome.target().stream()).endsWith(request.targetId().toString());
        assertThat(activities.calls).containsExactly("addLink", "addBacklink");
    }

    @Test
    void a_refused_link_on_the_source_runs_the_compensation_which_finds_nothing_to_undo() {
        activities.refuse("addLink", RejectionCode.ARCHIVED, "the source is archived");
        LinkOutcome outcome = link();
        assertThat(outcome.refusal()).isEqualTo(new Refusal("ARCHIVED", null, "the source is archived"));
        assertThat(activities.calls).containsExactly("addLink", "undoLink");
        assertThat(activities.effects("undoLink")).isZero();
    }

    @Test
    void a_refused_backlink_undoes_the_link_and_answers_the_targets_reason() {
        activities.refuse("addBacklink", RejectionCode.VALIDATION_FAILED, "the target is not in Companies");
        LinkOutcome outcome = link();
        assertThat(outcome.refusal().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(outcome.refusal().message()).isEqualTo("the target is not in Companies");
        assertThat(activities.calls).containsExactly("addLink", "addBacklink", "undoLink");
        assertThat(activities.effects("addLink")).isEqualTo(1);
        assertThat(activities.effects("undoLink")).isEqualTo(1);
    }

    @Test
    void a_broken_backlink_step_is_retried_then_compensated_and_the_workflow_fails() {
        activities.breakDown("addBacklink");
        assertThatThrownBy(this::link).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("addBacklink"::equals)).hasSize(6);
        assertThat(activities.calls.getLast()).isEqualTo("undoLink");
        assertThat(activities.effects("undoLink")).isEqualTo(1);
    }

    @Test
    void a_compensation_run_twice_changes_nothing_the_second_time() {
        activities.refuse("addBacklink", RejectionCode.NOT_FOUND, "no such target");
        link();
        activities.undoLink(request);
        assertThat(activities.effects("undoLink")).isEqualTo(1);
    }

    @Test
    void unlinks_source_then_target() {
        LinkOutcome outcome = unlink();
        assertThat(outcome.completed()).isTrue();
        assertThat(activities.calls).containsExactly("removeLink", "removeBacklink");
    }

    @Test
    void a_refused_unlink_on_the_source_restores_nothing() {
        activities.refuse("removeLink", RejectionCode.NOT_FOUND, "no such source");
        assertThat(unlink().refusal().code()).isEqualTo("NOT_FOUND");
        assertThat(activities.calls).containsExactly("removeLink", "restoreLink");
        assertThat(activities.effects("restoreLink")).isZero();
    }

    @Test
    void a_refused_backlink_removal_puts_the_link_back() {
        activities.refuse("removeBacklink", RejectionCode.TENANT_SUSPENDED, "the tenant is suspended");
        assertThat(unlink().refusal().code()).isEqualTo("TENANT_SUSPENDED");
        assertThat(activities.calls).containsExactly("removeLink", "removeBacklink", "restoreLink");
        assertThat(activities.effects("restoreLink")).isEqualTo(1);
    }
}

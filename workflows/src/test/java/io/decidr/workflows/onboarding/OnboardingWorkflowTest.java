package io.decidr.workflows.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.saga.Caller;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The onboarding saga with scripted activities: each step refused or broken in turn, and what gets compensated. */
class OnboardingWorkflowTest {

    static final List<String> STEPS = List.of("registerTenant", "createCollection:Companies", "createCollection:Contacts",
            "defineAttributes:Companies", "defineAttributes:Contacts", "grantAdmin");

    static OnboardingRequest request() {
        return new OnboardingRequest(new Caller(UUID.randomUUID(), "root", List.of(Role.PLATFORM_ADMIN)), UUID.randomUUID(),
                "Acme", "crm", OnboardingTemplates.CRM, "ada", UUID.randomUUID());
    }

    private final OnboardingRequest request = request();

    private TestWorkflowEnvironment env;
    private ScriptedOnboardingActivities activities;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = new ScriptedOnboardingActivities();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(OnboardTenantWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private OnboardingOutcome onboard() {
        WorkflowClient client = env.getWorkflowClient();
        return client.newWorkflowStub(OnboardTenantWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()).onboard(request);
    }

    @Test
    void registers_creates_defines_after_every_collection_exists_grants_and_compensates_nothing() {
        OnboardingOutcome outcome = onboard();
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.tenantId()).isEqualTo(request.tenantId());
        assertThat(outcome.tenantVersion()).isEqualTo(2);
        assertThat(outcome.collections()).extracting(CreatedCollection::name).containsExactly("Companies", "Contacts");
        assertThat(activities.calls).containsExactlyElementsOf(STEPS);
        assertThat(activities.admin).isEqualTo("ada");
        assertThat(activities.archived).isEmpty();
        assertThat(activities.suspensions).isEmpty();
    }

    static Stream<Arguments> everyStep() {
        return Stream.of(
                Arguments.of(0, List.of("suspendTenant"), List.of(), false),
                Arguments.of(1, List.of("archiveCollection:Companies", "suspendTenant"), List.of(), true),
                Arguments.of(2, List.of("archiveCollection:Contacts", "archiveCollection:Companies", "suspendTenant"),
                        List.of("Companies"), true),
                Arguments.of(3, List.of("archiveCollection:Contacts", "archiveCollection:Companies", "suspendTenant"),
                        List.of("Companies", "Contacts"), true),
                Arguments.of(4, List.of("archiveCollection:Contacts", "archiveCollection:Companies", "suspendTenant"),
                        List.of("Companies", "Contacts"), true),
                Arguments.of(5, List.of("archiveCollection:Contacts", "archiveCollection:Companies", "suspendTenant"),
                        List.of("Companies", "Contacts"), true));
    }

    @ParameterizedTest(name = "refused at step {0}")
    @MethodSource("everyStep")
    void a_refusal_at_any_step_archives_what_was_created_and_suspends_a_registered_tenant(int k,
            List<String> compensations, List<String> archived, boolean suspended) {
        String refused = STEPS.get(k);
        activities.refuse(refused, RejectionCode.VALIDATION_FAILED, "scripted refusal of " + refused);

        OnboardingOutcome outcome = onboard();

        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(outcome.refusal().message()).isEqualTo("scripted refusal of " + refused);
        assertThat(activities.calls.subList(0, k + 1)).containsExactlyElementsOf(STEPS.subList(0, k + 1));
        assertThat(activities.calls.subList(k + 1, activities.calls.size()))
                .as("compensations, registered before their steps, in reverse").containsExactlyElementsOf(compensations);
        assertThat(activities.archived).containsExactlyInAnyOrderElementsOf(archived);
        if (suspended) {
            assertThat(activities.suspensions).singleElement().asString()
                    .startsWith("onboarding failed at ").contains("VALIDATION_FAILED", "scripted refusal of " + refused);
        } else {
            assertThat(activities.suspensions).as("nothing registered: nothing to suspend").isEmpty();
        }
        assertThat(activities.admin).isNull();
    }

    @Test
    void the_suspension_reason_names_the_step_that_failed() {
        activities.refuse("defineAttributes:Contacts", RejectionCode.ALREADY_EXISTS, "attribute Name is taken");
        onboard();
        assertThat(activities.suspensions).containsExactly(
                "onboarding failed at define the attributes of Contacts (ALREADY_EXISTS: attribute Name is taken)");
    }

    @Test
    void a_broken_step_is_retried_then_compensated_and_the_workflow_fails() {
        activities.breakDown("grantAdmin");
        assertThatThrownBy(this::onboard).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.calls.stream().filter("grantAdmin"::equals)).hasSize(6);
        assertThat(activities.calls.subList(activities.calls.size() - 3, activities.calls.size()))
                .containsExactly("archiveCollection:Contacts", "archiveCollection:Companies", "suspendTenant");
        assertThat(activities.archived).containsExactly("Contacts", "Companies");
        assertThat(activities.suspensions).singleElement().asString().contains("grant admin ada", "connection refused");
    }

    @Test
    void a_compensation_run_twice_changes_nothing_the_second_time() {
        activities.refuse("grantAdmin", RejectionCode.TENANT_SUSPENDED, "the tenant is suspended");
        onboard();
        List<Object> after = activities.state();
        activities.archiveCollection(request, "Contacts");
        activities.archiveCollection(request, "Companies");
        activities.suspendTenant(request, "again");
        assertThat(activities.state()).isEqualTo(after);
    }

    @Test
    void a_cancelled_onboarding_is_compensated() throws Exception {
        activities.breakDown("defineAttributes:Companies");
        WorkflowStub stub = WorkflowStub.fromTyped(env.getWorkflowClient().newWorkflowStub(OnboardTenantWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()));
        stub.start(request);
        activities.reached("defineAttributes:Companies").get(30, TimeUnit.SECONDS);
        stub.cancel();
        assertThatThrownBy(() -> stub.getResult(OnboardingOutcome.class)).isInstanceOf(WorkflowFailedException.class);
        assertThat(activities.archived).containsExactly("Contacts", "Companies");
        assertThat(activities.suspensions).singleElement().asString().contains("cancelled");
    }
}

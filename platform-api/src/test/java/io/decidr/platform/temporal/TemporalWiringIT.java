package io.decidr.platform.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.config.TemporalConfiguration.RegisteredSearchAttributes;
import io.decidr.platform.config.WorkerRole;
import io.decidr.platform.support.PlatformTest;
import io.decidr.workflows.SearchAttributeRegistration.Registered;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.worker.WorkerFactory;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The worker role and the client as the app wires them, against the starter's in-process test server: one
 * worker per task queue, started; a workflow started through the Spring client runs on the sagas worker with an
 * activity bean from the context; the search attributes were registered at start-up.
 */
class TemporalWiringIT extends PlatformTest {

    @Autowired
    WorkflowClient client;

    @Autowired
    WorkerFactory workerFactory;

    @Autowired
    WorkerRole workerRole;

    @Autowired
    RegisteredSearchAttributes registered;

    @Test
    void the_worker_role_started_one_worker_per_task_queue() {
        assertThat(workerRole.enabled()).isTrue();
        assertThat(workerRole.isRunning()).isTrue();
        assertThat(workerFactory.isStarted()).isTrue();
        assertThat(TaskQueues.ALL).containsExactly("decidr-sagas", "decidr-jobs")
                .allSatisfy(queue -> assertThat(workerFactory.tryGetWorker(queue)).as("worker of %s", queue)
                        .isNotNull());
    }

    @Test
    void the_search_attributes_were_registered_at_start_up() {
        assertThat(registered.outcomes()).containsExactly(new Registered("TenantId"), new Registered("JobKind"),
                new Registered("CollectionId"), new Registered("JobStatus"));
    }

    @Test
    void a_workflow_started_through_the_spring_client_runs_on_the_sagas_worker_with_an_activity_bean() {
        String tenant = UUID.randomUUID().toString();
        String collection = UUID.randomUUID().toString();
        ProbeWorkflow workflow = client.newWorkflowStub(ProbeWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId("probe/" + tenant)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, tenant)
                        .set(WorkflowSearchAttributes.JOB_KIND, "probe")
                        .set(WorkflowSearchAttributes.COLLECTION_ID, collection)
                        .build())
                .build());

        ProbeWorkflow.Report report = workflow.run("Ada");

        assertThat(report).isEqualTo(new ProbeWorkflow.Report("Hello Ada from decidr", TaskQueues.SAGAS,
                TaskQueues.SAGAS));
        SearchAttributes attributes = WorkflowStub.fromTyped(workflow).describe().getTypedSearchAttributes();
        assertThat(attributes.get(WorkflowSearchAttributes.TENANT_ID)).isEqualTo(tenant);
        assertThat(attributes.get(WorkflowSearchAttributes.JOB_KIND)).isEqualTo("probe");
        assertThat(attributes.get(WorkflowSearchAttributes.COLLECTION_ID)).isEqualTo(collection);
        assertThat(attributes.get(WorkflowSearchAttributes.JOB_STATUS)).isEqualTo("RUNNING");
    }
}

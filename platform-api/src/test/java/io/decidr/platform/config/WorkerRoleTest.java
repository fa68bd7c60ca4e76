package io.decidr.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerRoleTest {

    private static final List<String> QUEUES = List.of("sagas", "jobs");

    private final TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();

    @AfterEach
    void close() {
        temporal.close();
    }

    @Test
    void starts_the_workers_with_the_application_and_shuts_them_down_with_it() {
        QUEUES.forEach(temporal::newWorker);
        WorkerRole role = new WorkerRole(temporal.getWorkerFactory(), "test", QUEUES, true);

        role.start();
        assertThat(temporal.getWorkerFactory().isStarted()).isTrue();
        role.stop();

        assertThat(temporal.getWorkerFactory().isShutdown()).isTrue();
        assertThat(role.isRunning()).isFalse();
    }

    @Test
    void switched_off_it_polls_nothing() {
        QUEUES.forEach(temporal::newWorker);
        WorkerRole role = new WorkerRole(temporal.getWorkerFactory(), "test", QUEUES, false);

        role.start();

        assertThat(role.isRunning()).isTrue();
        assertThat(temporal.getWorkerFactory().isStarted()).isFalse();
        role.stop();
    }

    @Test
    void refuses_a_task_queue_without_a_worker() {
        temporal.newWorker("sagas");

        assertThatThrownBy(() -> new WorkerRole(temporal.getWorkerFactory(), "test", QUEUES, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[jobs]")
                .hasMessageContaining("spring.temporal.workers");
    }

    @Test
    void says_what_to_check_when_the_server_does_not_answer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort).validateAndBuildWithDefaults());
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
        QUEUES.forEach(factory::newWorker);
        try {
            WorkerRole role = new WorkerRole(factory, "127.0.0.1:" + closedPort + " (namespace default)", QUEUES, true);

            assertThatThrownBy(role::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort + " (namespace default) answered UNAVAILABLE")
                    .hasMessageContaining("decidr.roles.worker.enabled=false");
        } finally {
            // not the factory: its shutdown would say goodbye to the absent server, and throw
            service.shutdownNow();
        }
    }
}

package io.decidr.devservices.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.devservices.process.DevServiceException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev profile's Temporal server: a real process from the copied classpath, reached over gRPC. */
class TemporalDevServerIT {

    private static final String TASK_QUEUE = "dev-server-it";

    @TempDir
    Path folder;

    @Test
    void runs_the_test_server_as_its_own_process_that_serves_workflows_over_grpc_and_stops_it() throws Exception {
        TemporalDevServer server = new TemporalDevServer(DevServerSettings.on(0, folder.resolve("server.log")));
        server.start();
        long pid = server.pid();
        int port = server.port();
        try {
            assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(TemporalDevServer.OWNER.owner(ProcessHandle.of(pid).orElseThrow()))
                    .hasValue(ProcessHandle.current().pid());
            assertThat(server.target()).isEqualTo("127.0.0.1:" + port);

            assertThat(greetOver(server.target())).isEqualTo("Hello dev");
        } finally {
            server.stop();
        }

        assertThat(server.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("server process %d", pid).isEmpty();
        assertThat(acceptsConnections(port)).as("something still listens on port %d", port).isFalse();
    }

    @Test
    void refuses_a_port_that_something_listens_on_and_says_which() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            TemporalDevServer server = new TemporalDevServer(
                    DevServerSettings.on(taken.getLocalPort(), folder.resolve("server.log")));

            assertThatThrownBy(server::start)
                    .isInstanceOf(DevServiceException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("decidr.dev.temporal.port");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void stops_a_server_whose_launcher_died() throws Exception {
        Process launcher = new ProcessBuilder("true").start();
        launcher.waitFor(10, TimeUnit.SECONDS);
        List<Path> classpath = TemporalDevServer.CLASSPATH.locate(null);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process orphan = new ProcessBuilder(TemporalDevServer.command(java, classpath, freePort(), launcher.pid()))
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("orphan.log").toFile())
                .start();
        try {
            TemporalDevServer.stopOrphans();

            assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).as("orphan stopped").isTrue();
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static String greetOver(String target) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(TemporalDevServer.NAMESPACE).build());
            WorkerFactory workers = WorkerFactory.newInstance(client);
            workers.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
            workers.start();
            try {
                return client.newWorkflowStub(GreetingWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId("greeting").build())
                        .greet("dev");
            } finally {
                workers.shutdownNow();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            service.shutdownNow();
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.decidr.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.workflows.SearchAttributeRegistration.AlreadyRegistered;
import io.decidr.workflows.SearchAttributeRegistration.Failed;
import io.decidr.workflows.SearchAttributeRegistration.Outcome;
import io.decidr.workflows.SearchAttributeRegistration.Registered;
import io.decidr.workflows.SearchAttributeRegistration.Unsupported;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SearchAttributeRegistrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> NAMES = List.of("TenantId", "JobKind", "CollectionId", "JobStatus");

    @Test
    void registers_every_attribute_and_finds_them_there_the_second_time() {
        try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
            WorkflowServiceStubs service = temporal.getWorkflowServiceStubs();

            List<Outcome> first = SearchAttributeRegistration.register(service, temporal.getNamespace(),
                    WorkflowSearchAttributes.ALL, TIMEOUT);
            List<Outcome> second = SearchAttributeRegistration.register(service, temporal.getNamespace(),
                    WorkflowSearchAttributes.ALL, TIMEOUT);

            assertThat(first).containsExactlyElementsOf(NAMES.stream().<Outcome>map(Registered::new).toList());
            assertThat(second).containsExactlyElementsOf(NAMES.stream().<Outcome>map(AlreadyRegistered::new).toList());
        }
    }

    @Test
    void declares_the_attributes_as_the_temporal_cli_takes_them() {
        assertThat(SearchAttributeRegistration.cliDeclarations(List.of(WorkflowSearchAttributes.TENANT_ID,
                io.temporal.common.SearchAttributeKey.forKeywordList("Tags"),
                io.temporal.common.SearchAttributeKey.forLong("Rows"))))
                .containsExactly("TenantId=Keyword", "Tags=KeywordList", "Rows=Int");
    }

    @Test
    void a_server_without_an_operator_service_is_unsupported_not_an_error() throws IOException {
        try (InProcess server = InProcess.serving()) {
            List<Outcome> outcomes = SearchAttributeRegistration.register(server.stubs(), "default",
                    WorkflowSearchAttributes.ALL, TIMEOUT);

            assertThat(outcomes).hasSize(4).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfSatisfying(Unsupported.class, u -> assertThat(u.code()).isEqualTo(Status.Code.UNIMPLEMENTED)));
        }
    }

    @Test
    void a_server_that_denies_registration_is_unsupported_and_another_error_is_reported() throws IOException {
        try (InProcess server = InProcess.serving(new Refusing(Status.PERMISSION_DENIED))) {
            assertThat(SearchAttributeRegistration.register(server.stubs(), "default", WorkflowSearchAttributes.ALL,
                    TIMEOUT)).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Unsupported.class));
        }
        try (InProcess server = InProcess.serving(new Refusing(Status.INVALID_ARGUMENT))) {
            assertThat(SearchAttributeRegistration.register(server.stubs(), "default", WorkflowSearchAttributes.ALL,
                    TIMEOUT)).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT)));
        }
    }

    @Test
    void an_unreachable_server_is_reported_not_thrown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort).validateAndBuildWithDefaults());
        try {
            List<Outcome> outcomes = SearchAttributeRegistration.register(service, "default",
                    WorkflowSearchAttributes.ALL, TIMEOUT);

            assertThat(outcomes).hasSize(4).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.code()).isEqualTo(Status.Code.UNAVAILABLE)));
            assertThat(outcomes.subList(1, 4)).allSatisfy(outcome -> assertThat(((Failed) outcome).description())
                    .isEqualTo("not tried: the server did not answer for TenantId"));
        } finally {
            service.shutdownNow();
        }
    }

    /** An operator service that refuses every registration with one status. */
    private static final class Refusing extends OperatorServiceGrpc.OperatorServiceImplBase {
        private final Status status;

        Refusing(Status status) {
            this.status = status;
        }

        @Override
        public void addSearchAttributes(AddSearchAttributesRequest request,
                                        StreamObserver<AddSearchAttributesResponse> response) {
            response.onError(status.withDescription("refused by the test").asRuntimeException());
        }
    }

    /** An in-process gRPC server with the given services (none: every call is UNIMPLEMENTED). */
    private record InProcess(Server server, ManagedChannel channel, WorkflowServiceStubs stubs) implements AutoCloseable {

        static InProcess serving(io.grpc.BindableService... services) throws IOException {
            String name = "search-attributes-" + UUID.randomUUID();
            InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
            for (io.grpc.BindableService service : services) {
                builder.addService(service);
            }
            Server server = builder.build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setChannel(channel).validateAndBuildWithDefaults());
            return new InProcess(server, channel, stubs);
        }

        @Override
        public void close() {
            stubs.shutdownNow();
            channel.shutdownNow();
            server.shutdownNow();
        }
    }
}

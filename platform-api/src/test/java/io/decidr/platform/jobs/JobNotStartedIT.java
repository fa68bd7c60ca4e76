package io.decidr.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobState;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.CapturedLog;
import io.decidr.platform.support.PlatformTest;
import io.decidr.workflows.job.ComputeJobClient;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * When Temporal does not take a job's workflow, the job is recorded as failed rather than left REQUESTED for good,
 * with a code and an incident id: what Temporal said is only in the log.
 */
class JobNotStartedIT extends PlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    TenantHandler tenants;

    @Autowired
    CollectionHandler collections;

    @Autowired
    JobHandler jobs;

    @Autowired
    CommandBus bus;

    @Autowired
    UploadStore uploads;

    @Test
    void a_job_whose_workflow_cannot_start_is_recorded_as_failed() throws Exception {
        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Unstarted", UUID.randomUUID()).block(WAIT).id();
        Requester ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        CollectionId items = new CollectionId(collections.create(ada, "Items", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(ada, items, "Name", new TextType(100), true, UUID.randomUUID()).block(WAIT);

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        WorkflowServiceStubs nowhere = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closed)
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2)).validateBuildWithDefaults())
                .build());
        CapturedLog log = CapturedLog.of(ComputeJobClient.class);
        try {
            ComputeJobClient unreachable = new ComputeJobClient(WorkflowClient.newInstance(nowhere), jobs, collections,
                    new JobRetryProperties(Map.of())::forKind, uploads, 0);
            String csv = "{\"format\": \"CSV\", \"data\": \"Name\\nA\\n\"}";
            Throwable failure = catchThrowable(
                    () -> unreachable.start(ada, JobKind.IMPORT, items, csv, UUID.randomUUID()).block(WAIT));
            assertThat(failure).isInstanceOf(ComputeJobClient.JobNotStarted.class);
            ComputeJobClient.JobNotStarted notStarted = (ComputeJobClient.JobNotStarted) failure;
            JobState state = bus.load(Aggregates.JOB, tenant, notStarted.job().value()).block(WAIT).state();
            assertThat(state.status()).isEqualTo(JobStatus.FAILED);
            UUID incident = notStarted.incident();
            assertThat(state.error()).as("a code and an incident id, never what gRPC or Temporal said")
                    .isEqualTo("JOB_NOT_STARTED: its workflow could not be started; incident " + incident)
                    .doesNotContain("UNAVAILABLE", "io exception", "io.grpc", "Exception", "127.0.0.1");
            assertThat(log.errorsContaining("incident " + incident)).as("what it said is in the log, under the incident id")
                    .singleElement().satisfies(line -> assertThat(line.getThrowableProxy()).isNotNull());

            Api api = new Api(port);
            HttpGraphQlTester member = api.as(api.token(tenant, "bob", "member"));
            Api.eventually(() -> errorCode(member, notStarted.job().toString()) != null, WAIT,
                    "the failed job in the read model");
            member.document("query($id: ID!) { computeJob(id: $id) { status error errorCode } }")
                    .variable("id", notStarted.job().toString()).execute()
                    .path("computeJob.status").entity(String.class).isEqualTo("FAILED")
                    .path("computeJob.errorCode").entity(String.class).isEqualTo(ComputeJobClient.NOT_STARTED)
                    .path("computeJob.error").entity(String.class).isEqualTo(state.error());
        } finally {
            nowhere.shutdownNow();
            log.close();
        }
    }

    /** The job's error code in the read model; null while the job is not there yet, or not yet failed there. */
    private static String errorCode(HttpGraphQlTester member, String job) {
        var response = member.document("query($id: ID!) { computeJob(id: $id) { errorCode } }").variable("id", job).execute();
        List<ResponseError> errors = new ArrayList<>();
        response.errors().satisfy(errors::addAll);
        return errors.isEmpty() ? response.returnResponse().field("computeJob.errorCode").getValue() : null;
    }
}

package io.decidr.application.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.command.CommandObserver;
import io.decidr.application.command.CommandTracing;
import io.decidr.application.command.IntegrationEvents;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.job.JobCompensated;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobProgressed;
import io.decidr.domain.job.JobState;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * A job's life through the handler, the bus and PostgreSQL: what users and the workflow send, what is stored,
 * and that the workflow's retries (same command id, or a late report under a new one) write nothing more.
 */
@Timeout(60)
class JobHandlerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMETERS = "{\"rows\":[[\"Initech\"],[\"Initrode\"]]}";
    private static final JobSummary SUMMARY = new JobSummary(2, 0, 0);

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static CommandBus bus;
    private static TenantHandler tenants;
    private static CollectionHandler collections;
    private static JobHandler jobs;

    /** One fresh tenant per test, with one collection and the people who work in it. */
    private final Tenant tenant = new Tenant();

    @BeforeAll
    static void start() {
        pool = TestPostgres.newDatabase().pool(4);
        store = new PostgresEventStore(pool);
        bus = keyedBus();
        Handlers handlers = Handlers.over(bus);
        tenants = handlers.tenants();
        collections = handlers.collections();
        jobs = handlers.jobs();
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void a_job_is_followed_from_request_through_progress_to_completion() {
        Result requested = block(jobs.request(tenant.ann, JobKind.IMPORT, tenant.collection, PARAMETERS, newId()));
        JobId job = new JobId(requested.id());
        assertThat(requested.stream().value()).isEqualTo("job:" + tenant.id + ":" + job);
        assertThat(requested.version()).isEqualTo(1);

        String workflowId = "job/" + tenant.id + "/" + job;
        assertThat(block(jobs.start(tenant.worker, job, 10, workflowId, "run-1", newId())).version()).isEqualTo(2);
        assertThat(block(jobs.progress(tenant.worker, job, 4, 10, null, newId())).version()).isEqualTo(3);
        // a report that arrives late: accepted, and nothing is written
        Result late = block(jobs.progress(tenant.worker, job, 2, 10, null, newId()));
        assertThat(late.duplicate()).isFalse();
        assertThat(late.version()).isEqualTo(3);
        assertThat(late.last()).isNull();
        assertThat(block(jobs.progress(tenant.worker, job, 10, 10, "row 2: name trimmed", newId())).version()).isEqualTo(4);
        Result completed = block(jobs.complete(tenant.worker, job, SUMMARY, newId()));
        assertThat(completed.version()).isEqualTo(5);
        assertThat(completed.last()).isNotNull();

        List<RecordedEvent> recorded = recorded(job);
        assertThat(recorded).extracting(RecordedEvent::type).containsExactly(
                "job.requested", "job.started", "job.progressed", "job.progressed", "job.completed");
        assertThat(recorded).allSatisfy(event -> assertThat(event.recordedAt()).isNotNull());
        assertThat(recorded).extracting(JobHandlerIT::actorOf)
                .containsExactly("ann", "worker", "worker", "worker", "worker");
        assertThat(recorded).extracting(JobHandlerIT::decode).filteredOn(JobProgressed.class::isInstance)
                .extracting(e -> ((JobProgressed) e).done()).containsExactly(4L, 10L);
        assertThat(state(job)).extracting(JobState::status, JobState::done, JobState::summary, JobState::requestedBy)
                .containsExactly(JobStatus.COMPLETED, 10L, SUMMARY, new UserId("ann"));
    }

    @Test
    void re_delivered_commands_write_nothing_more() {
        UUID requestId = newId();
        Result first = block(jobs.request(tenant.ann, JobKind.FORMULA, tenant.collection, "{}", requestId));
        Result again = block(jobs.request(tenant.ann, JobKind.FORMULA, tenant.collection, "{}", requestId));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(1);
        JobId job = new JobId(first.id());

        UUID startId = newId();
        UUID progressId = newId();
        UUID completeId = newId();
        for (int delivery = 1; delivery <= 2; delivery++) {
            Result started = block(jobs.start(tenant.worker, job, -1, "job/x/" + job, "run-1", startId));
            Result progressed = block(jobs.progress(tenant.worker, job, 5, 5, null, progressId));
            Result done = block(jobs.complete(tenant.worker, job, SUMMARY, completeId));
            assertThat(List.of(started.duplicate(), progressed.duplicate(), done.duplicate()))
                    .as("delivery %d", delivery).containsOnly(delivery == 2);
            assertThat(List.of(started.version(), progressed.version(), done.version())).containsExactly(2L, 3L, 4L);
        }
        // the activity retried under a new command id: the same outcome again changes nothing
        Result retried = block(jobs.complete(tenant.worker, job, SUMMARY, newId()));
        assertThat(retried.duplicate()).isFalse();
        assertThat(retried.version()).isEqualTo(4);
        // another outcome for an ended job is refused
        assertThat(rejection(() -> jobs.fail(tenant.worker, job, "too late", newId())))
                .isEqualTo(RejectionCode.INVALID_STATE);

        assertThat(recorded(job)).extracting(RecordedEvent::type)
                .containsExactly("job.requested", "job.started", "job.progressed", "job.completed");
    }

    @Test
    void the_requester_cancels_and_the_workflow_reports_what_it_undid() {
        JobId job = request(tenant.ann);
        block(jobs.start(tenant.worker, job, 100, "job/x/" + job, "run-1", newId()));
        block(jobs.progress(tenant.worker, job, 30, 100, null, newId()));

        assertThat(rejection(() -> jobs.requestCancel(tenant.ben, job, newId()))).isEqualTo(RejectionCode.FORBIDDEN);
        block(jobs.requestCancel(tenant.ann, job, newId()));
        assertThat(state(job).status()).isEqualTo(JobStatus.CANCELLING);
        // asked again (a double click): nothing more
        assertThat(block(jobs.requestCancel(tenant.ann, job, newId())).last()).isNull();
        // the job still reports progress until it sees the cancel
        block(jobs.progress(tenant.worker, job, 40, 100, null, newId()));
        assertThat(state(job).status()).isEqualTo(JobStatus.CANCELLING);

        UUID compensatedId = newId();
        block(jobs.compensated(tenant.worker, job, 40, compensatedId));
        assertThat(block(jobs.compensated(tenant.worker, job, 40, compensatedId)).duplicate()).isTrue();
        assertThat(state(job).status()).isEqualTo(JobStatus.COMPENSATED);
        assertThat(rejection(() -> jobs.requestCancel(tenant.ann, job, newId()))).isEqualTo(RejectionCode.INVALID_STATE);

        List<RecordedEvent> recorded = recorded(job);
        assertThat(recorded).extracting(RecordedEvent::type).containsExactly("job.requested", "job.started",
                "job.progressed", "job.cancel-requested", "job.progressed", "job.compensated");
        assertThat(actorOf(recorded.get(3))).isEqualTo("ann");
        assertThat(decode(recorded.get(5))).isEqualTo(new JobCompensated(job, 40));
    }

    @Test
    void an_admin_cancels_a_job_before_it_starts_and_the_workflow_stops_it() {
        JobId job = request(tenant.ann);
        block(jobs.requestCancel(tenant.ada, job, newId()));
        // the workflow started anyway: the start is recorded, the cancel stands
        block(jobs.start(tenant.worker, job, -1, "job/x/" + job, "run-1", newId()));
        assertThat(state(job)).extracting(JobState::status, JobState::workflowId)
                .containsExactly(JobStatus.CANCELLING, "job/x/" + job);
        block(jobs.cancelled(tenant.worker, job, newId()));
        assertThat(block(jobs.cancelled(tenant.worker, job, newId())).last()).isNull();

        assertThat(state(job).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(recorded(job)).extracting(RecordedEvent::type)
                .containsExactly("job.requested", "job.cancel-requested", "job.started", "job.cancelled");
    }

    @Test
    void refused_commands_write_nothing() {
        JobId job = request(tenant.ann);
        // users do not report, the workflow does not request
        assertThat(rejection(() -> jobs.complete(tenant.ann, job, SUMMARY, newId()))).isEqualTo(RejectionCode.FORBIDDEN);
        assertThat(rejection(() -> jobs.request(tenant.worker, JobKind.ROLLUP, tenant.collection, "{}", newId())))
                .isEqualTo(RejectionCode.FORBIDDEN);
        // no progress before the start
        assertThat(rejection(() -> jobs.progress(tenant.worker, job, 1, 2, null, newId())))
                .isEqualTo(RejectionCode.INVALID_STATE);
        assertThat(rejection(() -> jobs.requestCancel(tenant.ann, new JobId(UUID.randomUUID()), newId())))
                .isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(rejection(() -> jobs.request(tenant.ann, JobKind.IMPORT, new CollectionId(UUID.randomUUID()),
                "{}", newId()))).isEqualTo(RejectionCode.NOT_FOUND);
        // another tenant's job does not exist in this one
        Tenant other = new Tenant();
        assertThat(rejection(() -> jobs.start(other.worker, job, 1, "job/x/" + job, "run-1", newId())))
                .isEqualTo(RejectionCode.NOT_FOUND);

        assertThat(recorded(job)).extracting(RecordedEvent::type).containsExactly("job.requested");
    }

    @Test
    void a_suspended_tenant_requests_no_jobs_but_may_cancel_them_and_its_running_jobs_are_still_recorded() {
        JobId job = request(tenant.ann);
        block(jobs.start(tenant.worker, job, 10, "job/x/" + job, "run-1", newId()));
        block(tenants.suspend(tenant.root, new TenantId(tenant.id), "unpaid", newId()));

        assertThat(rejection(() -> jobs.request(tenant.ann, JobKind.IMPORT, tenant.collection, "{}", newId())))
                .isEqualTo(RejectionCode.TENANT_SUSPENDED);
        // stopping work is what a suspension asks for
        block(jobs.requestCancel(tenant.ann, job, newId()));
        assertThat(state(job).status()).isEqualTo(JobStatus.CANCELLING);
        block(jobs.fail(tenant.worker, job, "tenant suspended", newId()));
        assertThat(state(job)).extracting(JobState::status, JobState::error)
                .containsExactly(JobStatus.FAILED, "tenant suspended");
    }

    @Test
    void an_archived_collection_gets_no_new_jobs() {
        block(collections.archive(tenant.ada, tenant.collection, newId()));
        assertThat(rejection(() -> jobs.request(tenant.ann, JobKind.IMPORT, tenant.collection, "{}", newId())))
                .isEqualTo(RejectionCode.ARCHIVED);
    }

    private JobId request(Requester requester) {
        return new JobId(block(jobs.request(requester, JobKind.IMPORT, tenant.collection, PARAMETERS, newId())).id());
    }

    private JobState state(JobId job) {
        // a bus of its own reads the store, not the cache of the bus that wrote
        CommandBus fresh = keyedBus();
        return fresh.load(Aggregates.JOB, tenant.id, job.value()).block(WAIT).state();
    }

    private List<RecordedEvent> recorded(JobId job) {
        return store.readStream(Aggregates.JOB.stream(tenant.id, job.value()), 1).collectList().block(WAIT);
    }

    /** A bus that seals with keys in the test database: an import's parameters are sealed with the job's key. */
    private static CommandBus keyedBus() {
        return new CommandBus(store, CommandBusSettings.DEFAULTS, CommandObserver.NONE, CommandTracing.NONE,
                IntegrationEvents.NONE, keys());
    }

    private static PostgresPersonalKeys keys() {
        return new PostgresPersonalKeys(pool, new LocalMasterKeys(java.util.Map.of("jobs", new byte[32]), "jobs"),
                Duration.ZERO);
    }

    private static JobEvent decode(RecordedEvent event) {
        return Aggregates.JOB.events().decode(event,
                keys().ring(event.tenantId(), Sealing.keyIds(event.data())).block(WAIT));
    }

    private static String actorOf(RecordedEvent event) {
        try {
            return JSON.readTree(event.metadata()).get("actor").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable metadata " + event.metadata(), e);
        }
    }

    private static RejectionCode rejection(Supplier<Mono<Result>> command) {
        Throwable thrown = catchThrowable(() -> command.get().block(WAIT));
        assertThat(thrown).isInstanceOf(Rejection.class);
        return ((Rejection) thrown).code();
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(WAIT);
    }

    private static UUID newId() {
        return UUID.randomUUID();
    }

    /** A registered tenant with a collection; ann and ben are members, ada an admin, the worker an operator. */
    private static final class Tenant {

        final Requester root = requester(UUID.randomUUID(), "root", Role.PLATFORM_ADMIN);
        final UUID id = block(tenants.register(root, "Acme", newId())).id();
        final Requester ann = requester(id, "ann", Role.MEMBER);
        final Requester ben = requester(id, "ben", Role.MEMBER);
        final Requester ada = requester(id, "ada", Role.ADMIN);
        final Requester worker = requester(id, "worker", Role.OPERATOR);
        final CollectionId collection = new CollectionId(block(collections.create(ada, "Companies", newId())).id());

        private static Requester requester(UUID tenant, String user, Role role) {
            return new Requester(new TenantId(tenant), new Actor(new UserId(user), Set.of(role)));
        }
    }
}

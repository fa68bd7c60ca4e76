package io.decidr.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresCollectionMembership;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.testing.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A chunk retried after its worker died resumes from the last heartbeat of the attempt before it; its result must
 * count what that attempt did too, exactly as one uninterrupted attempt does (the job's done, created, updated and
 * skipped add up the chunks' results). The real activities over the event store on PostgreSQL.
 */
@Timeout(120)
class JobChunkResumeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1)).build();

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static TenantHandler tenants;
    private static CollectionHandler collections;
    private static EntityHandler entities;
    private static JobHandler jobs;

    private Requester ann;
    private CollectionId contacts;

    @BeforeAll
    static void database() {
        pool = TestPostgres.newDatabase().pool(4);
        store = new PostgresEventStore(pool);
        CommandBus bus = TestKeys.bus(store);
        Handlers handlers = Handlers.over(bus);
        tenants = handlers.tenants();
        collections = handlers.collections();
        entities = handlers.entities();
        jobs = handlers.jobs();
    }

    @AfterAll
    static void close() {
        pool.dispose();
    }

    @BeforeEach
    void tenant() {
        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Resume tenant", UUID.randomUUID()).block(WAIT).id();
        ann = new Requester(new TenantId(tenant), new Actor(new UserId("ann"), Set.of(Role.ADMIN, Role.MEMBER)));
        contacts = new CollectionId(collections.create(ann, "Contacts", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(ann, contacts, "Name", TextType.withDefaultMaxLength(), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(ann, contacts, "Score", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(ann, contacts, "Double", new NumberType(), false, UUID.randomUUID()).block(WAIT);
    }

    @Test
    void an_import_chunk_resumed_from_its_heartbeat_counts_the_rows_the_attempt_before_it_created_and_skipped() {
        // one row's score is no number: skipped
        String csv = IntStream.range(0, 10).mapToObj(i -> "Row " + i + "," + (i == 4 ? "x" : i))
                .collect(Collectors.joining("\n", "Name,Score\n", "\n"));
        JobInput job = request(JobKind.IMPORT, Map.of("format", "CSV", "data", csv, "onError", "SKIP"));

        assertResumedChunkCountsLikeTheFirst(job, new ChunkResult(null, 10, 9, 0, 1,
                "line 6, Score: 'x' is not a number", null));
    }

    @Test
    void a_formula_chunk_resumed_from_its_heartbeat_counts_the_entities_the_attempt_before_it_updated_and_skipped() {
        for (int i = 0; i < 6; i++) {
            // the first entity has no score: the formula cannot compute it and skips it
            List<ValueInput> values = i == 0 ? List.of()
                    : List.of(new ValueInput("Score", new NumberValue(BigDecimal.valueOf(i))));
            entities.create(ann, contacts, values, UUID.randomUUID()).block(WAIT);
        }
        JobInput job = request(JobKind.FORMULA, Map.of("expression", "Score * 2.0", "target", "Double"));

        ChunkResult first = assertResumedChunkCountsLikeTheFirst(job, null);
        assertThat(first.processed()).isEqualTo(6);
        assertThat(first.updated()).isEqualTo(5);
        assertThat(first.skipped()).isEqualTo(1);
    }

    /**
     * Runs the chunk once through, keeping what it heartbeated last; then runs it again from that heartbeat, as
     * Temporal retries a chunk whose worker died after that heartbeat (the items after it are done again, which
     * changes nothing). Both results must be the same.
     */
    private ChunkResult assertResumedChunkCountsLikeTheFirst(JobInput job, ChunkResult expected) {
        AtomicReference<Object> lastHeartbeat = new AtomicReference<>();
        ChunkResult first = inActivityEnvironment(env -> env.setActivityHeartbeatListener(Object.class, lastHeartbeat::set),
                job);
        if (expected != null) {
            assertThat(first).isEqualTo(expected);
        }
        assertThat(lastHeartbeat.get()).as("what the first attempt heartbeated").isNotNull();

        ChunkResult resumed = inActivityEnvironment(env -> env.setHeartbeatDetails(lastHeartbeat.get()), job);

        assertThat(resumed).as("resumed from %s", lastHeartbeat.get()).isEqualTo(first);
        return first;
    }

    private ChunkResult inActivityEnvironment(Consumer<TestActivityEnvironment> setUp, JobInput job) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new ComputeJobActivities(jobs, entities, collections,
                    new PostgresCollectionMembership(pool),
                    new UploadStore(pool, UploadStore.Limits.DEFAULTS), 0));
            setUp.accept(env);
            return env.newActivityStub(JobActivities.class, OPTIONS).process(job, null);
        } finally {
            env.close();
        }
    }

    private JobInput request(JobKind kind, Map<String, String> parameters) {
        try {
            UUID id = jobs.request(ann, kind, contacts, JobParameters.JSON.writeValueAsString(parameters), UUID.randomUUID())
                    .block(WAIT).id();
            return JobInput.first(ann, new JobId(id), kind, contacts, JobRetry.DEFAULT);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}

package io.decidr.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The open jobs: those whose latest event leaves them open, across tenants or of one. */
class PostgresOpenJobsIT {

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static PostgresOpenJobs open;

    @BeforeAll
    static void start() {
        pool = TestPostgres.newDatabase().pool(2);
        store = new PostgresEventStore(pool);
        open = new PostgresOpenJobs(pool);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void lists_the_open_jobs_of_a_tenant_or_of_all() {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID running = job(tenant, "job.requested", "job.started", "job.progressed");
        UUID cancelling = job(tenant, "job.requested", "job.started", "job.cancel-requested");
        UUID requested = job(tenant, "job.requested");
        job(tenant, "job.requested", "job.started", "job.completed");
        job(tenant, "job.requested", "job.started", "job.cancel-requested", "job.compensated");
        UUID elsewhere = job(other, "job.requested", "job.started");

        assertThat(open.ofTenant(tenant).map(OpenJobs.OpenJob::job).collectList().block())
                .containsExactlyInAnyOrder(running, cancelling, requested);
        assertThat(open.ofTenant(other).map(OpenJobs.OpenJob::job).collectList().block()).containsExactly(elsewhere);
        assertThat(open.quietSince(Instant.now().plusSeconds(60)).map(OpenJobs.OpenJob::job).collectList().block())
                .contains(running, cancelling, requested, elsewhere).hasSize(4);
    }

    private static UUID job(UUID tenant, String... types) {
        UUID job = UUID.randomUUID();
        List<NewEvent> events = java.util.Arrays.stream(types)
                .map(type -> new NewEvent(UUID.randomUUID(), type, 1, "{}")).toList();
        store.append(new AppendRequest(tenant.toString(), tenant, StreamId.of("job", tenant, job), 0, events,
                EventMetadata.direct(UUID.randomUUID(), "tester"))).block();
        return job;
    }
}

package io.decidr.cassandra.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.readmodel.Views.JobView;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.job.JobCancelRequested;
import io.decidr.domain.job.JobCancelled;
import io.decidr.domain.job.JobCompensated;
import io.decidr.domain.job.JobCompleted;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobFailed;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobProgressed;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobStarted;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.readmodel.EventContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The jobs read model against a real Cassandra: {@link JobWriter} fed with job events as the projector hands them
 * over (with their stream versions and recorded times), read back through {@link ReadModelQueries}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobReadModelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2025-03-10T09:00:00Z");
    private static final CollectionId COLLECTION = new CollectionId(UUID.fromString("00000000-0000-0000-0000-00000000c011"));

    private CqlSession session;
    private JobWriter writer;
    private ReadModelQueries queries;

    @BeforeAll
    void migrate() {
        session = TestCassandra.newKeyspace().openSession();
        CqlMigrations.fromClasspath(session).migrate();
        writer = new JobWriter(session);
        queries = new ReadModelQueries(session);
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void a_job_is_followed_from_its_request_through_progress_to_its_completion() {
        Stream job = new Stream(UUID.randomUUID(), T0);

        job.apply(requested(job, JobKind.IMPORT, "ada"));
        JobView requested = job(job);
        assertThat(requested.status()).isEqualTo(JobStatus.REQUESTED);
        assertThat(requested.kind()).isEqualTo(JobKind.IMPORT);
        assertThat(requested.collectionId()).isEqualTo(COLLECTION.value());
        assertThat(requested.requestedBy()).isEqualTo("ada");
        assertThat(requested.requestedAt()).isEqualTo(T0);
        assertThat(requested.done()).isZero();
        assertThat(requested.total()).isEqualTo(-1);
        assertThat(requested.workflowId()).isNull();
        assertThat(requested.version()).isEqualTo(1);

        job.apply(new JobStarted(job.jobId, "job/t/" + job.id, "run-1", 400));
        JobView running = job(job);
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.workflowId()).isEqualTo("job/t/" + job.id);
        assertThat(running.runId()).isEqualTo("run-1");
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(running.total()).isEqualTo(400);

        job.apply(new JobProgressed(job.jobId, 100, 400, "row 7: not a number"));
        job.apply(new JobProgressed(job.jobId, 200, 400, null));
        JobView progressed = job(job);
        assertThat(progressed.done()).isEqualTo(200);
        assertThat(progressed.lastError()).as("the latest report had no error").isNull();
        assertThat(progressed.progressedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(progressed.itemsPerSecond()).hasValue(100.0);
        assertThat(progressed.estimatedFinishAt()).contains(T0.plusSeconds(5));

        job.apply(new JobCompleted(job.jobId, new JobSummary(150, 40, 10)));
        JobView completed = job(job);
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.summary()).isEqualTo(new JobSummary(150, 40, 10));
        assertThat(completed.finishedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(completed.estimatedFinishAt()).isEmpty();
        assertThat(completed.version()).isEqualTo(5);
        assertThat(completed.error()).isNull();
        assertThat(completed.cancelRequestedBy()).isNull();
        // the listing row holds the same as the job's own row
        assertThat(listed(job.tenant, null)).containsExactly(completed);
    }

    @Test
    void a_cancel_asked_for_before_the_workflow_started_keeps_the_job_cancelling_until_the_workflow_reports() {
        Stream job = new Stream(UUID.randomUUID(), T0);
        job.apply(requested(job, JobKind.FORMULA, "bob"));
        job.apply(new JobCancelRequested(job.jobId, new UserId("ada")));
        job.apply(new JobStarted(job.jobId, "job/t/" + job.id, "run-1", -1));

        JobView cancelling = job(job);
        assertThat(cancelling.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(cancelling.cancelRequestedBy()).isEqualTo("ada");
        assertThat(cancelling.cancelRequestedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(cancelling.workflowId()).isEqualTo("job/t/" + job.id);
        assertThat(listed(job.tenant, JobStatus.CANCELLING)).containsExactly(cancelling);
        assertThat(listed(job.tenant, JobStatus.RUNNING)).isEmpty();

        job.apply(new JobCancelled(job.jobId));
        JobView cancelled = job(job);
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(cancelled.cancelRequestedBy()).isEqualTo("ada");
    }

    @Test
    void a_running_job_cancelled_and_compensated_shows_what_was_restored_and_a_failed_one_why_it_stopped() {
        Stream compensated = new Stream(UUID.randomUUID(), T0);
        compensated.apply(requested(compensated, JobKind.IMPORT, "bob"));
        compensated.apply(new JobStarted(compensated.jobId, "wf", "run", 50));
        compensated.apply(new JobProgressed(compensated.jobId, 20, 50, null));
        compensated.apply(new JobCancelRequested(compensated.jobId, new UserId("bob")));
        // the workflow reports progress until it sees the cancel: the job stays cancelling
        compensated.apply(new JobProgressed(compensated.jobId, 25, 50, null));
        assertThat(job(compensated).status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(job(compensated).done()).isEqualTo(25);
        compensated.apply(new JobCompensated(compensated.jobId, 25));

        JobView undone = job(compensated);
        assertThat(undone.status()).isEqualTo(JobStatus.COMPENSATED);
        assertThat(undone.restored()).isEqualTo(25);
        assertThat(undone.summary()).isNull();

        Stream failed = new Stream(compensated.tenant, T0.plusSeconds(60));
        failed.apply(requested(failed, JobKind.ROLLUP, "cy"));
        failed.apply(new JobFailed(failed.jobId, "the collection was archived"));
        JobView stopped = job(failed);
        assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
        assertThat(stopped.error()).isEqualTo("the collection was archived");
        assertThat(stopped.startedAt()).isNull();

        assertThat(listed(compensated.tenant, null)).extracting(JobView::id).containsExactly(failed.id, compensated.id);
        assertThat(listed(compensated.tenant, JobStatus.FAILED)).extracting(JobView::id).containsExactly(failed.id);
        assertThat(listed(compensated.tenant, JobStatus.COMPENSATED)).extracting(JobView::id).containsExactly(compensated.id);
    }

    @Test
    void an_older_progress_report_applied_after_a_newer_one_moves_nothing_back() {
        Stream job = new Stream(UUID.randomUUID(), T0);
        job.apply(requested(job, JobKind.IMPORT, "ada"));
        job.apply(new JobStarted(job.jobId, "wf", "run", -1));
        EventContext older = job.next("job.progressed");
        EventContext newer = job.next("job.progressed");

        apply(newer, new JobProgressed(job.jobId, 80, 100, null));
        apply(older, new JobProgressed(job.jobId, 30, -1, "row 3: bad date"));

        JobView view = job(job);
        assertThat(view.done()).isEqualTo(80);
        assertThat(view.total()).isEqualTo(100);
        assertThat(view.lastError()).isNull();
        assertThat(view.progressedAt()).isEqualTo(newer.recordedAt());
        assertThat(view.version()).isEqualTo(newer.version());
        assertThat(listed(job.tenant, null)).containsExactly(view);
    }

    @Test
    void applying_a_lifecycle_again_in_any_order_leaves_what_applying_it_once_in_order_left() {
        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            Stream job = new Stream(UUID.randomUUID(), T0.plusSeconds(round));
            List<Applied> lifecycle = new ArrayList<>();
            lifecycle.add(job.apply(requested(job, JobKind.IMPORT, "ada")));
            if (round % 2 == 0) {
                lifecycle.add(job.apply(new JobCancelRequested(job.jobId, new UserId("ada"))));
            }
            lifecycle.add(job.apply(new JobStarted(job.jobId, "wf-" + round, "run", 90)));
            for (int done = 30; done <= 90; done += 30) {
                lifecycle.add(job.apply(new JobProgressed(job.jobId, done, 90, done == 60 ? "one bad row" : null)));
            }
            lifecycle.add(job.apply(round % 3 == 0 ? new JobCompensated(job.jobId, 90)
                    : round % 3 == 1 ? new JobCompleted(job.jobId, new JobSummary(90, 0, 0)) : new JobFailed(job.jobId, "boom")));
            JobView once = job(job);
            List<JobView> listedOnce = listed(job.tenant, null);

            List<Applied> shuffled = new ArrayList<>(lifecycle);
            Collections.shuffle(shuffled);
            // a writer with nothing cached, as after a restart: it finds each job's place in the listing by reading
            JobWriter fresh = new JobWriter(session);
            shuffled.forEach(applied -> fresh.apply(applied.context(), applied.event()).block(WAIT));

            assertThat(job(job)).as("round %d, applied again as %s", round, shuffled).isEqualTo(once);
            assertThat(listed(job.tenant, null)).isEqualTo(listedOnce);
        }
    }

    @Test
    void pages_walk_every_job_of_the_tenant_newest_first_across_months_without_duplicates_or_gaps() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        List<Stream> jobs = new ArrayList<>();
        // 31 jobs over four months (one of them without jobs), two at the very same instant
        Instant[] starts = {Instant.parse("2024-12-31T23:59:59.999Z"), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-03-15T12:00:00Z"), Instant.parse("2025-04-30T08:00:00Z")};
        for (int i = 0; i < 31; i++) {
            Instant at = starts[i % starts.length].plus(Duration.ofMinutes(i == 1 || i == 5 ? 0 : i * 7L));
            Stream job = new Stream(tenant, at);
            job.apply(requested(job, JobKind.values()[i % 3], "ada"));
            if (i % 2 == 0) {
                job.apply(new JobStarted(job.jobId, "wf-" + i, "run", 10));
            }
            if (i % 4 == 0) {
                job.apply(new JobCompleted(job.jobId, new JobSummary(10, 0, 0)));
            }
            if (i % 6 == 1) {
                job.apply(new JobFailed(job.jobId, "no such attribute"));
            }
            jobs.add(job);
        }
        Stream elsewhere = new Stream(neighbour, starts[2]);
        elsewhere.apply(requested(elsewhere, JobKind.IMPORT, "mallory"));

        List<UUID> newestFirst = jobs.stream()
                // Cassandra orders random (version 4) uuids as unsigned bytes: as their text
                .sorted(Comparator.comparing((Stream s) -> s.requestedAt).reversed().thenComparing(s -> s.id.toString()))
                .map(s -> s.id)
                .toList();
        for (int size : new int[] {1, 4, 7, 31, 200}) {
            List<UUID> paged = allPages(tenant, null, size);
            assertThat(paged).as("pages of %d", size).containsExactlyElementsOf(newestFirst);
        }

        for (JobStatus status : JobStatus.values()) {
            List<UUID> expected = newestFirst.stream()
                    .filter(id -> queries.jobs().job(tenant, id).block(WAIT).status() == status)
                    .toList();
            assertThat(allPages(tenant, status, 3)).as("jobs %s", status).containsExactlyElementsOf(expected);
        }
        assertThat(allPages(tenant, JobStatus.RUNNING, 3)).hasSize(8);
        assertThat(allPages(tenant, JobStatus.REQUESTED, 3)).hasSize(10);
        assertThat(allPages(tenant, JobStatus.COMPLETED, 3)).hasSize(8);
        assertThat(allPages(tenant, JobStatus.FAILED, 3)).hasSize(5);

        // tenants see only their own jobs, also when they hold another tenant's job id
        assertThat(allPages(neighbour, null, 5)).containsExactly(elsewhere.id);
        assertThat(queries.jobs().job(neighbour, jobs.getFirst().id).blockOptional(WAIT)).isEmpty();
        assertThat(queries.jobs().job(tenant, elsewhere.id).blockOptional(WAIT)).isEmpty();
        assertThat(queries.jobs().jobs(UUID.randomUUID(), null, 10, null).block(WAIT).items()).isEmpty();
    }

    @Test
    void a_cursor_that_no_query_gave_out_and_pages_out_of_bounds_are_refused() {
        UUID tenant = UUID.randomUUID();
        assertThatThrownBy(() -> queries.jobs().jobs(tenant, null, 10, "not-a-cursor"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.VALIDATION_FAILED));
        // a cursor of another query (entities: bucket 3) names no month
        String entityCursor = new Cursor(3, null).encode();
        assertThatThrownBy(() -> queries.jobs().jobs(tenant, null, 10, entityCursor)).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> queries.jobs().jobs(tenant, null, 0, null)).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> queries.jobs().jobs(tenant, null, ReadModelQueries.MAX_PAGE + 1, null)).isInstanceOf(Rejection.class);
    }

    /** Follows the cursors to the end, each page no larger than asked for. */
    private List<UUID> allPages(UUID tenant, JobStatus status, int size) {
        List<UUID> ids = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            Page<JobView> got = queries.jobs().jobs(tenant, status, size, after).block(WAIT);
            assertThat(got.items().size()).isLessThanOrEqualTo(size);
            got.items().forEach(job -> ids.add(job.id()));
            if (!got.hasNextPage()) {
                assertThat(new HashSet<>(ids)).as("no job twice").hasSameSizeAs(ids);
                return ids;
            }
            after = got.endCursor();
        }
        throw new AssertionError("more than 100 pages of " + size);
    }

    private List<JobView> listed(UUID tenant, JobStatus status) {
        return queries.jobs().jobs(tenant, status, ReadModelQueries.MAX_PAGE, null).block(WAIT).items();
    }

    private JobView job(Stream stream) {
        return queries.jobs().job(stream.tenant, stream.id).blockOptional(WAIT).orElseThrow();
    }

    private void apply(EventContext ctx, JobEvent event) {
        writer.apply(ctx, event).block(WAIT);
    }

    private static JobRequested requested(Stream job, JobKind kind, String by) {
        return new JobRequested(job.jobId, kind, COLLECTION, "{\"rows\":[]}", new UserId(by));
    }

    private record Applied(EventContext context, JobEvent event) {

        @Override
        public String toString() {
            return context.version() + ":" + context.type();
        }
    }

    /** One job's stream: versions from 1, each event recorded one second after the one before. */
    private final class Stream {
        final UUID tenant;
        final UUID id = UUID.randomUUID();
        final JobId jobId = new JobId(id);
        final Instant requestedAt;
        private long version;

        Stream(UUID tenant, Instant requestedAt) {
            this.tenant = tenant;
            this.requestedAt = requestedAt;
        }

        EventContext next(String type) {
            version++;
            return new EventContext(tenant, StreamId.of("job", tenant, id), version, UUID.randomUUID(), type,
                    requestedAt.plusSeconds(version - 1), "worker");
        }

        Applied apply(JobEvent event) {
            EventContext ctx = next(event.getClass().getSimpleName());
            JobReadModelIT.this.apply(ctx, event);
            return new Applied(ctx, event);
        }
    }
}

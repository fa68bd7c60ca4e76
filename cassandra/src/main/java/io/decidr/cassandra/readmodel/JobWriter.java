package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.decidr.cassandra.session.ReactiveCql;
import io.decidr.domain.job.JobCancelRequested;
import io.decidr.domain.job.JobCancelled;
import io.decidr.domain.job.JobCompensated;
import io.decidr.domain.job.JobCompleted;
import io.decidr.domain.job.JobDecider;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobFailed;
import io.decidr.domain.job.JobProgressed;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobStarted;
import io.decidr.domain.job.JobStatus;
import io.decidr.projections.readmodel.EventContext;
import io.decidr.projections.readmodel.ReadModelWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Writes job events into {@code job_by_id} and the listing {@code jobs_by_tenant} (the same cells in both), and the
 * month of each request into {@code job_months_by_tenant}. Every write is stamped with the event's stream version;
 * how the status is kept is explained in {@code V4__compute_jobs.cql} ({@link JobStatusCells}).
 */
public final class JobWriter implements ReadModelWriter<JobEvent> {

    private final ReactiveCql cql;
    private final int generation;
    private final Change request;
    private final Change start;
    private final Change progress;
    private final Change complete;
    private final Change fail;
    private final Change requestCancel;
    private final Change cancel;
    private final Change compensate;
    private final PreparedStatement month;
    private final PreparedStatement requestedAt;
    // a job's request time (its place in the listing) never changes: remembering it saves a read per event
    private final Cache<UUID, Instant> requestTimes = Caffeine.newBuilder().maximumSize(100_000).build();

    /** A writer into generation 1 of the read model. */
    public JobWriter(CqlSession session) {
        this(session, 1);
    }

    /** A writer into the given generation of the read model (see {@link ReadModel}). */
    public JobWriter(CqlSession session, int generation) {
        this.cql = new ReactiveCql(session);
        this.generation = generation;
        request = change("""
                kind = :kind, collection_id = :collection, base_status = :status, started = false,
                requested_by = :requester, done = 0, total = :total""", ", requested_at = :requested");
        start = change("started = true, started_at = :at, workflow_id = :workflow, run_id = :run, total = :total", "");
        progress = change("done = :done, total = :total, last_error = :error, progressed_at = :at", "");
        complete = change("""
                base_status = :status, finished_at = :at, summary_created = :created, summary_updated = :updated,
                summary_skipped = :skipped""", "");
        fail = change("base_status = :status, finished_at = :at, error = :error", "");
        requestCancel = change("base_status = :status, cancel_requested_by = :canceller, cancel_requested_at = :at", "");
        cancel = change("base_status = :status, finished_at = :at", "");
        compensate = change("base_status = :status, finished_at = :at, restored = :restored", "");
        month = prepare("INSERT INTO job_months_by_tenant (tenant_id, month) VALUES (:tenant, :month) USING TIMESTAMP :v");
        requestedAt = prepare("SELECT requested_at FROM job_by_id WHERE tenant_id = :tenant AND job_id = :job");
    }

    /** One event's cells, set in both tables. */
    private record Change(PreparedStatement byId, PreparedStatement listed) {
    }

    private Change change(String cells, String byIdOnly) {
        return new Change(
                prepare("UPDATE job_by_id USING TIMESTAMP :v SET " + cells + byIdOnly + ", version = :v"
                        + " WHERE tenant_id = :tenant AND job_id = :job"),
                prepare("UPDATE jobs_by_tenant USING TIMESTAMP :v SET " + cells + ", version = :v"
                        + " WHERE tenant_id = :tenant AND month = :month AND requested_at = :requested AND job_id = :job"));
    }

    private PreparedStatement prepare(String statement) {
        return cql.prepare(ReadModel.JOBS.sql(statement, generation));
    }

    @Override
    public Mono<Void> apply(EventContext ctx, JobEvent event) {
        UUID job = event.id().value();
        Instant at = ctx.recordedAt();
        return switch (event) {
            case JobRequested e -> {
                // the stored timestamp has milliseconds: keep exactly that, so that the cache and a read agree
                Instant requested = at.truncatedTo(ChronoUnit.MILLIS);
                requestTimes.put(job, requested);
                yield Mono.when(
                        cql.write(month.bind().setUuid("tenant", ctx.tenant()).setInt("month", Buckets.month(requested))
                                .setLong("v", ctx.version())),
                        write(ctx, job, requested, request, row -> row.setString("kind", e.kind().name())
                                .setUuid("collection", e.collection().value()).setString("status", JobStatus.REQUESTED.name())
                                .setString("requester", e.requestedBy().value()).setLong("total", JobDecider.UNKNOWN_TOTAL)
                                .setInstant("requested", requested)));
            }
            case JobStarted e -> located(ctx, job, start, row -> row.setInstant("at", at)
                    .setString("workflow", e.workflowId()).setString("run", e.runId()).setLong("total", e.total()));
            // an older report applied after a newer one loses cell by cell: done never goes back
            case JobProgressed e -> located(ctx, job, progress, row -> row.setLong("done", e.done())
                    .setLong("total", e.total()).setString("error", e.lastError()).setInstant("at", at));
            case JobCompleted e -> located(ctx, job, complete, row -> outcome(row, JobStatus.COMPLETED, at)
                    .setLong("created", e.summary().created()).setLong("updated", e.summary().updated())
                    .setLong("skipped", e.summary().skipped()));
            case JobFailed e -> located(ctx, job, fail, row -> outcome(row, JobStatus.FAILED, at).setString("error", e.error()));
            case JobCancelRequested e -> located(ctx, job, requestCancel, row -> row
                    .setString("status", JobStatus.CANCELLING.name()).setString("canceller", e.requestedBy().value())
                    .setInstant("at", at));
            case JobCancelled e -> located(ctx, job, cancel, row -> outcome(row, JobStatus.CANCELLED, at));
            case JobCompensated e -> located(ctx, job, compensate, row -> outcome(row, JobStatus.COMPENSATED, at)
                    .setLong("restored", e.restored()));
        };
    }

    private static BoundStatementBuilder outcome(BoundStatementBuilder row, JobStatus status, Instant at) {
        return row.setString("status", status.name()).setInstant("at", at);
    }

    /** Writes the change once the job's place in the listing is known. */
    private Mono<Void> located(EventContext ctx, UUID job, Change change, UnaryOperator<BoundStatementBuilder> cells) {
        return requestTime(ctx.tenant(), job).flatMap(requested -> write(ctx, job, requested, change, cells));
    }

    private Mono<Void> write(EventContext ctx, UUID job, Instant requested, Change change,
            UnaryOperator<BoundStatementBuilder> cells) {
        return Mono.when(
                cql.write(cells.apply(change.byId().boundStatementBuilder()).setLong("v", ctx.version())
                        .setUuid("tenant", ctx.tenant()).setUuid("job", job).build()),
                cql.write(cells.apply(change.listed().boundStatementBuilder()).setLong("v", ctx.version())
                        .setUuid("tenant", ctx.tenant()).setInt("month", Buckets.month(requested))
                        .setInstant("requested", requested).setUuid("job", job).build()));
    }

    private Mono<Instant> requestTime(UUID tenant, UUID job) {
        Instant known = requestTimes.getIfPresent(job);
        if (known != null) {
            return Mono.just(known);
        }
        return cql.read(requestedAt.bind().setUuid("tenant", tenant).setUuid("job", job))
                .flatMap(rows -> Mono.justOrEmpty(rows.one()))
                .flatMap(row -> Mono.justOrEmpty(row.getInstant("requested_at")))
                .doOnNext(requested -> requestTimes.put(job, requested))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "job " + job + " has no row yet: its request was not projected")));
    }
}

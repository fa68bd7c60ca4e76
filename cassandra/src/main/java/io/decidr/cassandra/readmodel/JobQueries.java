package io.decidr.cassandra.readmodel;

import static io.decidr.cassandra.readmodel.ReadModelStatements.checkPageSize;

import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.readmodel.Views.JobView;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** The {@code jobs} read model's queries (the tables {@link JobWriter} writes): one job, and a tenant's jobs by page. */
public final class JobQueries {

    private final ReadModelStatements statements;
    private volatile Prepared prepared;

    private record Prepared(PreparedStatement job, PreparedStatement months, PreparedStatement page,
            PreparedStatement pageByStatus, PreparedStatement pageByStatusAndStart) {
    }

    JobQueries(ReadModelStatements statements, int generation) {
        this.statements = statements;
        use(generation);
    }

    /** Answers from that generation's tables from now on; prepares first, which blocks. */
    void use(int generation) {
        Function<String, PreparedStatement> in = text -> statements.prepare(ReadModel.JOBS, generation, text);
        prepared = new Prepared(
                in.apply("SELECT * FROM job_by_id WHERE tenant_id = :tenant AND job_id = :job"),
                in.apply("SELECT month FROM job_months_by_tenant WHERE tenant_id = :tenant AND month <= :newest"),
                in.apply(jobPage("")),
                in.apply(jobPage(" AND base_status = :status")),
                in.apply(jobPage(" AND base_status = :status AND started = :started")));
    }

    /** One compute job. */
    public Mono<JobView> job(UUID tenantId, UUID jobId) {
        return statements.one(prepared.job().bind().setUuid("tenant", tenantId).setUuid("job", jobId), JobQueries::toJob);
    }

    /**
     * A page of the tenant's jobs, newest request first; only those in {@code status} unless it is null. Walks the
     * months with jobs backwards from the cursor's, so a page may span months.
     */
    public Mono<Page<JobView>> jobs(UUID tenantId, JobStatus status, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, Buckets::isMonth);
        Prepared current = prepared;
        Boolean started = status == null ? null : JobStatusCells.started(status);
        PreparedStatement page = status == null ? current.page()
                : started == null ? current.pageByStatus() : current.pageByStatusAndStart();
        Function<Integer, BoundStatementBuilder> month = m -> {
            BoundStatementBuilder bound = page.boundStatementBuilder().setUuid("tenant", tenantId).setInt("month", m);
            if (status != null) {
                bound.setString("status", JobStatusCells.baseStatus(status));
            }
            if (started != null) {
                bound.setBoolean("started", started);
            }
            return bound;
        };
        int newest = after == null ? Integer.MAX_VALUE : cursor.bucket();
        return statements.cql().readAll(current.months().bind().setUuid("tenant", tenantId).setInt("newest", newest),
                        row -> row.getInt("month"))
                .collectList()
                .flatMap(months -> {
                    if (months.isEmpty()) {
                        return Mono.just(new Page<JobView>(List.of(), null));
                    }
                    // the paging state belongs to the cursor's month (month rows are never deleted, so it is the first)
                    ByteBuffer state = after != null && months.getFirst() == cursor.bucket() ? cursor.pagingState() : null;
                    return statements.fill(month, months, 0, state, first, new ArrayList<>(), JobQueries::toJob);
                });
    }

    private static String jobPage(String filter) {
        return "SELECT * FROM jobs_by_tenant WHERE tenant_id = :tenant AND month = :month" + filter;
    }

    private static JobView toJob(Row row) {
        JobSummary summary = row.isNull("summary_created") ? null : new JobSummary(row.getLong("summary_created"),
                row.getLong("summary_updated"), row.getLong("summary_skipped"));
        return new JobView(row.getUuid("job_id"), JobKind.valueOf(row.getString("kind")), row.getUuid("collection_id"),
                JobStatusCells.status(row.getString("base_status"), row.getBoolean("started")),
                row.getString("requested_by"), row.getInstant("requested_at"), row.getString("workflow_id"),
                row.getString("run_id"), row.getInstant("started_at"), row.getLong("done"), row.getLong("total"),
                row.getInstant("progressed_at"), row.getString("last_error"), row.getInstant("finished_at"), summary,
                row.getString("error"), row.getLong("restored"), row.getString("cancel_requested_by"),
                row.getInstant("cancel_requested_at"), row.getLong("version"));
    }
}

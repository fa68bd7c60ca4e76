package io.decidr.eventstore;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * {@link OpenJobs} from the job streams' events. The stream pattern is written out, not bound, so the planner may use
 * the partial index {@code events_job_streams} (V6); the event types are those of the Job aggregate's codec.
 */
public final class PostgresOpenJobs implements OpenJobs {

    private static final String QUIET_OPEN_JOBS = """
            SELECT tenant_id, stream_id, event_type, recorded_at FROM (
                SELECT DISTINCT ON (stream_id) tenant_id, stream_id, event_type, recorded_at
                FROM events
                WHERE stream_id LIKE 'job:%'
                ORDER BY stream_id, stream_version DESC
            ) latest
            WHERE event_type IN ('job.requested', 'job.started', 'job.progressed', 'job.cancel-requested')
              AND recorded_at < $1
            ORDER BY recorded_at
            """;

    private static final String OPEN_JOBS_OF_TENANT = """
            SELECT tenant_id, stream_id, event_type, recorded_at FROM (
                SELECT DISTINCT ON (stream_id) tenant_id, stream_id, event_type, recorded_at
                FROM events
                WHERE stream_id LIKE 'job:%' AND tenant_id = $1
                ORDER BY stream_id, stream_version DESC
            ) latest
            WHERE event_type IN ('job.requested', 'job.started', 'job.progressed', 'job.cancel-requested')
            ORDER BY recorded_at
            """;

    private final ConnectionFactory connections;

    public PostgresOpenJobs(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Flux<OpenJob> quietSince(Instant quietSince) {
        return query(QUIET_OPEN_JOBS, OffsetDateTime.ofInstant(quietSince, ZoneOffset.UTC));
    }

    @Override
    public Flux<OpenJob> ofTenant(UUID tenant) {
        return query(OPEN_JOBS_OF_TENANT, tenant);
    }

    private Flux<OpenJob> query(String sql, Object parameter) {
        return Flux.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(sql).bind(0, parameter).execute())
                        .flatMap(result -> result.map(row -> {
                            String stream = row.get("stream_id", String.class);
                            return new OpenJob(row.get("tenant_id", UUID.class),
                                    UUID.fromString(stream.substring(stream.lastIndexOf(':') + 1)),
                                    row.get("event_type", String.class),
                                    row.get("recorded_at", OffsetDateTime.class).toInstant());
                        })),
                Connection::close);
    }
}

package io.decidr.bench;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the database alone does with the same durable work, through the same r2dbc pool: one event row per
 * transaction into a table shaped like {@code events} (same columns, defaults, keys and indexes; no trigger), and a
 * read of a stream's version followed by that append. The platform's write path is measured against these.
 */
public final class RawPostgres {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INSERT = """
            INSERT INTO bench_raw_events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
            VALUES ($1, $2, $3, $4, 'entity.created', 1, $5, $6)
            """;

    private final ConnectionFactory connections;
    private final Json data;
    private final Json metadata;

    public RawPostgres(ConnectionFactory connections, String eventData, String eventMetadata) {
        this.connections = connections;
        this.data = Json.of(eventData);
        this.metadata = Json.of(eventMetadata);
        execute(c -> c.createStatement("""
                CREATE TABLE IF NOT EXISTS bench_raw_events
                    (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)
                """).execute());
    }

    /** The data and metadata of a real event of that type, so that the raw rows weigh what the platform's do. */
    public static String[] sample(ConnectionFactory connections, String eventType) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(
                                        "SELECT data::text AS data, metadata::text AS metadata FROM events WHERE event_type = $1 LIMIT 1")
                                        .bind(0, eventType).execute())
                                .flatMap(result -> result.map(row -> new String[] {
                                        row.get("data", String.class), row.get("metadata", String.class)})),
                        Connection::close)
                .blockFirst(WAIT);
    }

    /** One new stream's first event, in a transaction of its own. */
    public void insert(UUID tenant, String stream) {
        execute(c -> insert(c, tenant, stream, 1));
    }

    /** Reads the stream's version, then appends the next one (two statements, one connection, two transactions). */
    public void readThenAppend(UUID tenant, String stream) {
        Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(
                                        "SELECT coalesce(max(stream_version), 0) AS v FROM bench_raw_events WHERE stream_id = $1")
                                        .bind(0, stream).execute())
                                .flatMap(result -> result.map(row -> row.get("v", Long.class)))
                                .concatMap(version -> Flux.from(insert(c, tenant, stream, version + 1))
                                        .flatMap(io.r2dbc.spi.Result::getRowsUpdated)),
                        Connection::close)
                .blockLast(WAIT);
    }

    /** Reads every event of a stream of {@code events} (the rows an aggregate load folds), returning how many. */
    public long readStream(String stream) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(
                                        "SELECT stream_version, data::text AS data FROM events WHERE stream_id = $1 ORDER BY stream_version")
                                        .bind(0, stream).execute())
                                .flatMap(result -> result.map(row -> row.get("data", String.class))),
                        Connection::close)
                .count().block(WAIT);
    }

    /** Reads a snapshot row (what a load from a snapshot starts with). */
    public long readSnapshot(String stream) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement("SELECT state::text AS state FROM snapshots WHERE stream_id = $1")
                                        .bind(0, stream).execute())
                                .flatMap(result -> result.map(row -> row.get("state", String.class))),
                        Connection::close)
                .count().block(WAIT);
    }

    private Publisher<? extends io.r2dbc.spi.Result> insert(Connection c, UUID tenant, String stream, long version) {
        return c.createStatement(INSERT)
                .bind(0, tenant).bind(1, stream).bind(2, version).bind(3, UUID.randomUUID())
                .bind(4, data).bind(5, metadata)
                .execute();
    }

    private void execute(Function<Connection, Publisher<? extends io.r2dbc.spi.Result>> statement) {
        Flux.usingWhen(connections.create(),
                        c -> Flux.from(statement.apply(c)).flatMap(io.r2dbc.spi.Result::getRowsUpdated),
                        c -> Mono.from(c.close()))
                .blockLast(WAIT);
    }
}

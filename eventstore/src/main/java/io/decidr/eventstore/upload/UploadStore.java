package io.decidr.eventstore.upload;

import io.decidr.eventstore.upload.UploadRejected.Reason;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Uploads in PostgreSQL, over r2dbc: received as a stream of bytes and stored a part at a time (so a file of any size
 * passes through a part's worth of memory), read back a part at a time, claimed by one import job, deleted when it
 * ends. An upload refused or cut off while it is received leaves nothing behind.
 */
public final class UploadStore {

    /** The sizes uploads are cut and limited by. */
    public record Limits(long maxBytes, long maxTenantBytes, int partBytes, int partRows, int maxRowBytes,
            Duration keepUnused) {

        public static final Limits DEFAULTS = new Limits(1L << 30, 4L << 30, 1 << 20, 1_000, 1 << 20, Duration.ofHours(24));
    }

    private static final String STORED_BY_TENANT = """
            SELECT coalesce(sum(bytes), 0) AS bytes FROM uploads WHERE tenant_id = $1
            """;

    private static final String BEGIN = """
            INSERT INTO uploads (upload_id, tenant_id, uploaded_by, format, expires_at)
            VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
            """;

    /* the part, and the upload's counts in the same statement: what is counted is what is stored */
    private static final String ADD_PART = """
            WITH part AS (
                INSERT INTO upload_parts (upload_id, first_row, row_count, data) VALUES ($1, $2, $3, $4)
            )
            UPDATE uploads SET bytes = bytes + $5, row_count = row_count + $3, parts = parts + 1, touched_at = now()
            WHERE upload_id = $1
            """;

    private static final String COMPLETE = """
            UPDATE uploads SET complete = true, header = $2, bytes = $3, touched_at = now() WHERE upload_id = $1
            RETURNING *
            """;

    private static final String FIND = "SELECT * FROM uploads WHERE upload_id = $1 AND tenant_id = $2";

    /* the part holding the row: the one starting at or before it */
    private static final String PART_AT = """
            SELECT first_row, row_count, data FROM upload_parts
            WHERE upload_id = $1 AND first_row <= $2 ORDER BY first_row DESC LIMIT 1
            """;

    private static final String PART_STARTS = """
            SELECT first_row FROM upload_parts
            WHERE upload_id = $1 AND first_row >= $2 ORDER BY first_row LIMIT $3
            """;

    /* a complete upload goes to one job only; the same job claiming again is answered as claimed */
    private static final String CLAIM = """
            UPDATE uploads SET job_id = $3, touched_at = now()
            WHERE upload_id = $1 AND tenant_id = $2 AND complete AND (job_id IS NULL OR job_id = $3)
            RETURNING *
            """;

    private static final String DELETE = "DELETE FROM uploads WHERE upload_id = $1";

    private static final String DELETE_UNCLAIMED = """
            DELETE FROM uploads WHERE upload_id = $1 AND tenant_id = $2 AND job_id IS NULL
            """;

    private static final String DELETE_CLAIMED_BY = "DELETE FROM uploads WHERE job_id = $1";

    /* unclaimed uploads past their expiry, and uploads whose receiving stopped without an end */
    private static final String SWEEP = """
            DELETE FROM uploads
            WHERE (job_id IS NULL AND expires_at < now())
               OR (NOT complete AND touched_at < now() - make_interval(secs => $1))
            """;

    private final ConnectionFactory connections;
    private final Limits limits;

    public UploadStore(ConnectionFactory connections, Limits limits) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Receives a file: checks the tenant's share, then stores the body part by part as it arrives (its demand follows
     * the database, so a fast sender waits for the writes). Answers the complete upload, or fails with
     * {@link UploadRejected} (or the body's own error) having deleted whatever was stored.
     *
     * @param declaredBytes the length the sender announced, or -1
     */
    public Mono<Upload> receive(UUID id, UUID tenant, String uploadedBy, UploadFormat format, long declaredBytes,
            Flux<ByteBuffer> body) {
        RowSplitter splitter = new RowSplitter(format, limits.partBytes(), limits.partRows(), limits.maxRowBytes());
        long[] received = {0};
        Flux<UploadPart> parts = body
                .concatMapIterable(bytes -> {
                    received[0] += bytes.remaining();
                    if (received[0] > limits.maxBytes()) {
                        throw tooLarge();
                    }
                    return splitter.feed(bytes);
                })
                .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.finish())));
        Mono<Upload> stored = checkShare(tenant, declaredBytes)
                .then(execute(c -> c.createStatement(BEGIN).bind(0, id).bind(1, tenant).bind(2, uploadedBy)
                        .bind(3, format.name()).bind(4, (double) limits.keepUnused().toSeconds()).execute()))
                .thenMany(parts.concatMap(part -> addPart(id, part), 1))
                .then(Mono.defer(() -> one(c -> c.createStatement(COMPLETE).bind(0, id)
                        .bind(1, splitter.header() == null ? "" : splitter.header())
                        .bind(2, received[0]).execute(), UploadStore::upload)));
        return stored
                .onErrorResume(failed -> delete(id).onErrorResume(alsoFailed -> Mono.empty()).then(Mono.error(failed)))
                .doOnCancel(() -> delete(id).onErrorResume(alsoFailed -> Mono.empty()).subscribe());
    }

    private UploadRejected tooLarge() {
        return new UploadRejected(Reason.TOO_LARGE, "the file has more than " + limits.maxBytes()
                + " bytes, the most an upload may have");
    }

    private Mono<Void> checkShare(UUID tenant, long declaredBytes) {
        if (declaredBytes > limits.maxBytes()) {
            return Mono.error(tooLarge());
        }
        return one(c -> c.createStatement(STORED_BY_TENANT).bind(0, tenant).execute(), row -> row.get("bytes", Number.class))
                .flatMap(stored -> stored.longValue() + Math.max(0, declaredBytes) > limits.maxTenantBytes()
                        ? Mono.error(new UploadRejected(Reason.QUOTA_EXCEEDED, "the tenant's uploads waiting for import"
                                + " hold " + stored.longValue() + " bytes; together they may hold " + limits.maxTenantBytes()
                                + ": import or delete some first"))
                        : Mono.empty());
    }

    private Mono<Void> addPart(UUID id, UploadPart part) {
        return execute(c -> c.createStatement(ADD_PART).bind(0, id).bind(1, part.firstRow()).bind(2, part.rows())
                .bind(3, ByteBuffer.wrap(part.data())).bind(4, (long) part.data().length).execute());
    }

    /** The tenant's upload, if there is one by that id. */
    public Mono<Upload> find(UUID tenant, UUID id) {
        return one(c -> c.createStatement(FIND).bind(0, id).bind(1, tenant).execute(), UploadStore::upload);
    }

    /** The part holding row {@code row} (empty when the upload has no such row, or is gone). */
    public Mono<UploadPart> partAt(UUID id, long row) {
        return one(c -> c.createStatement(PART_AT).bind(0, id).bind(1, row).execute(),
                r -> {
                    ByteBuffer data = r.get("data", ByteBuffer.class);
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    return new UploadPart(r.get("first_row", Long.class), r.get("row_count", Integer.class), bytes);
                })
                .filter(part -> row < part.firstRow() + part.rows());
    }

    /** Where up to {@code count} parts start, from row {@code from} on (a part starting exactly there included). */
    public Mono<List<Long>> partStarts(UUID id, long from, int count) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(PART_STARTS).bind(0, id).bind(1, from).bind(2, count).execute())
                                .flatMap(result -> result.map(r -> r.get("first_row", Long.class))),
                        Connection::close)
                .collectList();
    }

    /**
     * Gives a complete upload to an import job: empty when there is no such complete upload of the tenant, or another
     * job has it.
     */
    public Mono<Upload> claim(UUID tenant, UUID id, UUID job) {
        return one(c -> c.createStatement(CLAIM).bind(0, id).bind(1, tenant).bind(2, job).execute(), UploadStore::upload);
    }

    /** Deletes the upload with its parts. */
    public Mono<Void> delete(UUID id) {
        return execute(c -> c.createStatement(DELETE).bind(0, id).execute());
    }

    /** Deletes the tenant's upload unless a job claimed it; answers whether it did. */
    public Mono<Boolean> deleteUnclaimed(UUID tenant, UUID id) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(DELETE_UNCLAIMED).bind(0, id).bind(1, tenant).execute())
                        .flatMap(io.r2dbc.spi.Result::getRowsUpdated).reduce(0L, Long::sum).map(n -> n > 0),
                Connection::close);
    }

    /** Deletes the upload the job claimed, if any (when the job ends, whatever its end). */
    public Mono<Void> deleteClaimedBy(UUID job) {
        return execute(c -> c.createStatement(DELETE_CLAIMED_BY).bind(0, job).execute());
    }

    /**
     * Deletes unclaimed uploads past their expiry, and uploads whose sender stopped sending more than {@code stalled}
     * ago without ending; answers how many.
     */
    public Mono<Long> sweep(Duration stalled) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(SWEEP).bind(0, (double) stalled.toSeconds()).execute())
                        .flatMap(io.r2dbc.spi.Result::getRowsUpdated).reduce(0L, Long::sum),
                Connection::close);
    }

    private Mono<Void> execute(Function<Connection, Publisher<? extends io.r2dbc.spi.Result>> statement) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(statement.apply(c)).flatMap(io.r2dbc.spi.Result::getRowsUpdated).then(),
                Connection::close);
    }

    private <T> Mono<T> one(Function<Connection, Publisher<? extends io.r2dbc.spi.Result>> statement,
            Function<Readable, T> mapper) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(statement.apply(c)).flatMap(result -> result.map(mapper::apply)),
                        Connection::close)
                .next();
    }

    private static Upload upload(Readable row) {
        String header = row.get("header", String.class);
        return new Upload(
                row.get("upload_id", UUID.class),
                row.get("tenant_id", UUID.class),
                row.get("uploaded_by", String.class),
                UploadFormat.valueOf(row.get("format", String.class)),
                header == null || header.isEmpty() ? null : header,
                Boolean.TRUE.equals(row.get("complete", Boolean.class)),
                row.get("bytes", Long.class),
                row.get("row_count", Long.class),
                row.get("parts", Integer.class),
                row.get("job_id", UUID.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("expires_at", OffsetDateTime.class).toInstant());
    }
}

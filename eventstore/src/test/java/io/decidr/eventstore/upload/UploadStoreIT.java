package io.decidr.eventstore.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * Uploads on a real PostgreSQL: received as a stream into parts of whole rows, read back by row, claimed by one job,
 * and gone without a trace when refused, cut off, ended or expired.
 */
@Timeout(120)
class UploadStoreIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final UploadStore.Limits LIMITS = new UploadStore.Limits(64 * 1024, 200 * 1024, 4 * 1024, 50, 1024,
            Duration.ofHours(1));

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static UploadStore store;

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new UploadStore(pool, LIMITS);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void a_file_is_stored_in_parts_of_whole_rows_and_read_back_by_row() {
        UUID tenant = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        Upload upload = store.receive(id, tenant, "ada", UploadFormat.CSV, -1, pieces(csv(0, 300), 777)).block(WAIT);

        assertThat(upload.complete()).isTrue();
        assertThat(upload.header()).isEqualTo("Name,Price");
        assertThat(upload.rows()).isEqualTo(300);
        assertThat(upload.parts()).isEqualTo(6);
        assertThat(store.partStarts(id, 0, 100).block(WAIT)).containsExactly(0L, 50L, 100L, 150L, 200L, 250L);
        assertThat(store.partStarts(id, 120, 2).block(WAIT)).containsExactly(150L, 200L);

        UploadPart part = store.partAt(id, 123).block(WAIT);
        assertThat(part.firstRow()).isEqualTo(100);
        assertThat(part.rows()).isEqualTo(50);
        assertThat(new String(part.data(), StandardCharsets.UTF_8)).startsWith("item 100,100\n").endsWith("item 149,149\n");
        assertThat(store.partAt(id, 300).blockOptional(WAIT)).isEmpty();
        assertThat(store.find(UUID.randomUUID(), id).blockOptional(WAIT)).as("another tenant's").isEmpty();
    }

    @Test
    void a_complete_upload_goes_to_one_job_and_is_deleted_when_that_job_ends() {
        UUID tenant = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        store.receive(id, tenant, "ada", UploadFormat.JSONL, -1, pieces("{\"Name\":\"a\"}\n{\"Name\":\"b\"}\n", 5)).block(WAIT);
        UUID job = UUID.randomUUID();

        assertThat(store.claim(UUID.randomUUID(), id, job).blockOptional(WAIT)).as("another tenant").isEmpty();
        assertThat(store.claim(tenant, id, job).block(WAIT).job()).isEqualTo(job);
        assertThat(store.claim(tenant, id, job).block(WAIT).job()).as("the same job again").isEqualTo(job);
        assertThat(store.claim(tenant, id, UUID.randomUUID()).blockOptional(WAIT)).as("a second job").isEmpty();
        assertThat(store.deleteUnclaimed(tenant, id).block(WAIT)).as("claimed: not deleted by hand").isFalse();

        store.deleteClaimedBy(job).block(WAIT);
        assertThat(store.find(tenant, id).blockOptional(WAIT)).isEmpty();
        assertThat(count("upload_parts WHERE upload_id = '" + id + "'")).isZero();
    }

    @Test
    void a_file_too_large_or_malformed_or_cut_off_leaves_nothing_behind() {
        UUID tenant = UUID.randomUUID();
        UUID tooLarge = UUID.randomUUID();
        assertThatThrownBy(() -> store.receive(tooLarge, tenant, "ada", UploadFormat.CSV, -1, pieces(csv(0, 10_000), 1_000))
                .block(WAIT)).isInstanceOf(UploadRejected.class)
                .extracting(e -> ((UploadRejected) e).reason()).isEqualTo(UploadRejected.Reason.TOO_LARGE);
        assertThatThrownBy(() -> store.receive(UUID.randomUUID(), tenant, "ada", UploadFormat.CSV, 70_000, pieces(csv(0, 5), 10))
                .block(WAIT)).as("declared too large").isInstanceOf(UploadRejected.class);

        UUID malformed = UUID.randomUUID();
        assertThatThrownBy(() -> store.receive(malformed, tenant, "ada", UploadFormat.CSV, -1,
                pieces(csv(0, 200) + "x,\"unclosed\n", 100)).block(WAIT))
                .isInstanceOf(UploadRejected.class).hasMessageContaining("not closed");

        UUID cutOff = UUID.randomUUID();
        Flux<ByteBuffer> failing = pieces(csv(0, 200), 100).concatWith(Flux.error(new IllegalStateException("connection reset")));
        assertThatThrownBy(() -> store.receive(cutOff, tenant, "ada", UploadFormat.CSV, -1, failing).block(WAIT))
                .hasMessageContaining("connection reset");

        assertThat(count("uploads WHERE tenant_id = '" + tenant + "'")).isZero();
        for (UUID id : List.of(tooLarge, malformed, cutOff)) {
            assertThat(count("upload_parts WHERE upload_id = '" + id + "'")).isZero();
        }
    }

    @Test
    void a_tenant_may_keep_only_its_share_of_uploads_waiting() {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            store.receive(UUID.randomUUID(), tenant, "ada", UploadFormat.CSV, -1, pieces(csv(i * 2_000, 2_000), 4_096))
                    .block(WAIT);
        }
        assertThatThrownBy(() -> store.receive(UUID.randomUUID(), tenant, "ada", UploadFormat.CSV, 60_000,
                pieces(csv(0, 10), 10)).block(WAIT))
                .isInstanceOf(UploadRejected.class)
                .extracting(e -> ((UploadRejected) e).reason()).isEqualTo(UploadRejected.Reason.QUOTA_EXCEEDED);
        assertThat(store.receive(UUID.randomUUID(), UUID.randomUUID(), "bob", UploadFormat.CSV, 60_000, pieces(csv(0, 10), 10))
                .block(WAIT).rows()).as("another tenant's share").isEqualTo(10);
    }

    @Test
    void the_sweeper_deletes_expired_unclaimed_uploads_and_stalled_ones_but_not_claimed_ones() throws SQLException {
        UUID tenant = UUID.randomUUID();
        UUID expired = receive(tenant);
        UUID claimed = receive(tenant);
        UUID fresh = receive(tenant);
        UUID stalled = UUID.randomUUID();
        store.claim(tenant, claimed, UUID.randomUUID()).block(WAIT);
        try (var c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute("UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE upload_id IN ('" + expired
                    + "', '" + claimed + "')");
            s.execute("INSERT INTO uploads (upload_id, tenant_id, uploaded_by, format, expires_at, touched_at)"
                    + " VALUES ('" + stalled + "', '" + tenant + "', 'ada', 'CSV', now() + interval '1 hour',"
                    + " now() - interval '20 minutes')");
        }

        assertThat(store.sweep(Duration.ofMinutes(10)).block(WAIT)).isEqualTo(2);
        assertThat(store.find(tenant, expired).blockOptional(WAIT)).isEmpty();
        assertThat(store.find(tenant, stalled).blockOptional(WAIT)).isEmpty();
        assertThat(store.find(tenant, claimed).blockOptional(WAIT)).isPresent();
        assertThat(store.find(tenant, fresh).blockOptional(WAIT)).isPresent();
    }

    private static UUID receive(UUID tenant) {
        UUID id = UUID.randomUUID();
        store.receive(id, tenant, "ada", UploadFormat.CSV, -1, pieces(csv(0, 3), 10)).block(WAIT);
        return id;
    }

    private static String csv(int from, int rows) {
        StringBuilder out = new StringBuilder("Name,Price\n");
        for (int i = from; i < from + rows; i++) {
            out.append("item ").append(i).append(',').append(i).append('\n');
        }
        return out.toString();
    }

    /** The text as a stream of pieces of {@code size} bytes, as a network would deliver it. */
    private static Flux<ByteBuffer> pieces(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicLong at = new AtomicLong();
        return Flux.range(0, (bytes.length + size - 1) / size)
                .map(i -> ByteBuffer.wrap(bytes, i * size, Math.min(size, bytes.length - i * size)).slice())
                .doOnNext(piece -> at.addAndGet(piece.remaining()));
    }

    private static long count(String from) {
        try (var c = database.jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + from)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

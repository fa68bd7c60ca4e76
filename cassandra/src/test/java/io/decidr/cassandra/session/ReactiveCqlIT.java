package io.decidr.cassandra.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.cassandra.testing.TestCassandra;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ReactiveCqlIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static CqlSession session;
    private static ReactiveCql cql;

    @BeforeAll
    static void table() {
        session = TestCassandra.newKeyspace().openSession();
        session.execute("CREATE TABLE numbers (bucket int, n int, PRIMARY KEY ((bucket), n))");
        cql = new ReactiveCql(session);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void readsEveryPageInClusteringOrder() {
        PreparedStatement insert = cql.prepareAsync("INSERT INTO numbers (bucket, n) VALUES (1, ?)").block(WAIT);
        Flux.range(0, 7).flatMap(n -> cql.write(insert.bind(n))).blockLast(WAIT);
        PreparedStatement select = cql.prepareAsync("SELECT n FROM numbers WHERE bucket = 1").block(WAIT);

        List<Integer> read = cql.readAll(select.bind().setPageSize(2), row -> row.getInt("n")).collectList().block(WAIT);

        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 7).boxed().toList());
    }

    @Test
    void readsHandedToASchedulerContinueThereOnEveryPage() {
        PreparedStatement insert = cql.prepareAsync("INSERT INTO numbers (bucket, n) VALUES (3, ?)").block(WAIT);
        Flux.range(0, 7).flatMap(n -> cql.write(insert.bind(n))).blockLast(WAIT);
        Scheduler reads = Schedulers.newSingle("handed-over");
        try {
            ReactiveCql handing = new ReactiveCql(session, reads);
            PreparedStatement select = cql.prepareAsync("SELECT n FROM numbers WHERE bucket = 3").block(WAIT);

            List<String> threads = handing.readAll(select.bind().setPageSize(2), row -> Thread.currentThread().getName())
                    .collectList().block(WAIT);
            String first = handing.read(select.bind()).map(page -> Thread.currentThread().getName()).block(WAIT);

            assertThat(threads).hasSize(7).allMatch(name -> name.startsWith("handed-over"));
            assertThat(first).startsWith("handed-over");
        } finally {
            reads.dispose();
        }
    }

    @Test
    void nothingRunsUntilSubscribed() {
        PreparedStatement insert = cql.prepareAsync("INSERT INTO numbers (bucket, n) VALUES (2, ?)").block(WAIT);
        PreparedStatement select = cql.prepareAsync("SELECT n FROM numbers WHERE bucket = 2").block(WAIT);

        Mono<Void> write = cql.write(insert.bind(1));
        assertThat(cql.readAll(select.bind(), row -> row.getInt("n")).collectList().block(WAIT)).isEmpty();

        write.block(WAIT);
        assertThat(cql.readAll(select.bind(), row -> row.getInt("n")).collectList().block(WAIT)).containsExactly(1);
    }
}

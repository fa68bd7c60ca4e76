package io.decidr.cassandra.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The driver's asynchronous API as Reactor types, with our defaults: LOCAL_QUORUM, and writes marked
 * idempotent (every write of ours is safe to repeat, so the driver may retry it after a timeout).
 * Results arrive on the driver's I/O threads (nothing downstream may block), unless the instance hands reads over to a
 * scheduler of their own ({@link #ReactiveCql(CqlSession, Scheduler)}).
 */
public final class ReactiveCql {

    private final CqlSession session;
    private final Scheduler reads;

    public ReactiveCql(CqlSession session) {
        this(session, Schedulers.immediate());
    }

    /**
     * Read results (every page) continue on {@code reads}. The session's requests to a node share one connection, so
     * one I/O thread: what callers do with rows on it (an API request completes its whole GraphQL answer there) runs
     * for every read of the process on one core at most, and other responses wait behind it.
     */
    public ReactiveCql(CqlSession session, Scheduler reads) {
        this.session = Objects.requireNonNull(session, "session");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /** Prepares at start-up; blocking, so never call it on a request or event path. */
    public PreparedStatement prepare(String cql) {
        return session.prepare(cql);
    }

    public Mono<PreparedStatement> prepareAsync(String cql) {
        return Mono.fromCompletionStage(() -> session.prepareAsync(cql));
    }

    public Mono<Void> write(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
                .then();
    }

    /** The first page of the result (and the means to page on). */
    public Mono<AsyncResultSet> read(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                .setIdempotent(true)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
                .publishOn(reads);
    }

    /**
     * A lightweight transaction (a write with an {@code IF} condition; Paxos among the datacenter's replicas). The
     * answer tells whether it was applied ({@link AsyncResultSet#wasApplied()}), and if not, the row's values the
     * condition saw. Marked idempotent: a caller repeats one only where a second try's answer means the same.
     */
    public Mono<AsyncResultSet> conditional(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                .setIdempotent(true)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)));
    }

    /** A read that sees every lightweight transaction committed before it (LOCAL_SERIAL: a Paxos read). */
    public Mono<AsyncResultSet> readSerial(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)))
                .publishOn(reads);
    }

    /** Every row of the result, mapped, page by page: the next page is fetched when the last one is consumed. */
    public <T> Flux<T> readAll(BoundStatement statement, Function<Row, T> mapper) {
        return read(statement)
                .expand(page -> page.hasMorePages()
                        ? Mono.fromCompletionStage(page::fetchNextPage).publishOn(reads)
                        : Mono.empty())
                .concatMapIterable(page -> map(page, mapper));
    }

    private static <T> List<T> map(AsyncResultSet page, Function<Row, T> mapper) {
        // a page can be iterated once only: copy it out rather than hand the driver's iterable to Reactor
        List<T> rows = new ArrayList<>(page.remaining());
        for (Row row : page.currentPage()) {
            rows.add(mapper.apply(row));
        }
        return rows;
    }
}

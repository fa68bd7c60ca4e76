package io.decidr.cassandra.projection;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Statements run through the driver's asynchronous API as Reactor types: nothing here waits on a thread. Results
 * arrive on the driver's I/O threads, so whatever follows them must not block either.
 */
final class AsyncCql {

    private final CqlSession session;

    AsyncCql(CqlSession session) {
        this.session = session;
    }

    Mono<PreparedStatement> prepare(String cql) {
        return Mono.fromCompletionStage(() -> session.prepareAsync(cql));
    }

    /** A write that is safe to repeat, so the driver may retry it after a timeout. */
    Mono<Void> write(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
                .then();
    }

    /** Every row of the result, mapped, page by page: the next page is fetched when the last one is consumed. */
    <T> Flux<T> read(BoundStatement statement, Function<Row, T> mapper) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
                .expand(page -> page.hasMorePages() ? Mono.fromCompletionStage(page::fetchNextPage) : Mono.empty())
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

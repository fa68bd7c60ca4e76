package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Prepared statements run without blocking: LOCAL_QUORUM, writes marked idempotent. */
final class Cql {

    private final CqlSession session;

    Cql(CqlSession session) {
        this.session = session;
    }

    /** Prepares at start-up (blocking is fine there; never on a request or event path). */
    PreparedStatement prepare(String cql) {
        return session.prepare(cql);
    }

    Mono<Void> write(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
                .then();
    }

    Mono<AsyncResultSet> read(BoundStatement statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)));
    }

    /** Every row of the result, across the driver's pages. */
    Mono<List<Row>> readAll(BoundStatement statement) {
        return read(statement).flatMap(first -> collect(first, new ArrayList<>()));
    }

    private static Mono<List<Row>> collect(AsyncResultSet page, List<Row> rows) {
        page.currentPage().forEach(rows::add);
        if (!page.hasMorePages()) {
            return Mono.just(rows);
        }
        return Mono.fromCompletionStage(page::fetchNextPage).flatMap(next -> collect(next, rows));
    }
}

package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.session.ReactiveCql;
import io.decidr.domain.decider.Rejection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What every read model's queries share: preparing a statement against a generation's tables, reading one row, and
 * filling a page bucket after bucket with an opaque cursor.
 */
final class ReadModelStatements {

    /** The most rows one page may ask for. */
    static final int MAX_PAGE = 200;

    private final ReactiveCql cql;

    ReadModelStatements(ReactiveCql cql) {
        this.cql = cql;
    }

    ReactiveCql cql() {
        return cql;
    }

    /** Prepares the statement against the model's tables of that generation; blocks, so never on a request thread. */
    PreparedStatement prepare(ReadModel model, int generation, String text) {
        return cql.prepare(model.sql(text, generation));
    }

    <T> Mono<T> one(BoundStatement statement, Function<Row, T> map) {
        return cql.read(statement).flatMap(rows -> Mono.justOrEmpty(rows.one())).map(map);
    }

    static void checkPageSize(int first) {
        if (first < 1 || first > MAX_PAGE) {
            throw Rejection.validation("first", "first must be 1 to " + MAX_PAGE);
        }
    }

    /**
     * Reads bucket after bucket (in the order given), page after page, until {@code first} rows are in hand or every
     * bucket is read; a row {@code map} answers null for is left out (and the next read asks for what is still
     * missing). The cursor names the bucket itself, not its index.
     */
    <T> Mono<Page<T>> fill(Function<Integer, BoundStatementBuilder> bucket, List<Integer> buckets, int at,
            ByteBuffer state, int first, List<T> items, Function<Row, T> map) {
        int wanted = first - items.size();
        BoundStatement statement = bucket.apply(buckets.get(at)).setPageSize(wanted).setPagingState(state).build();
        return cql.read(statement).flatMap(result -> {
            int taken = 0;
            for (Row row : result.currentPage()) {
                T item = map.apply(row);
                if (item != null) {
                    items.add(item);
                }
                taken++;
            }
            ByteBuffer next = result.hasMorePages() ? result.getExecutionInfo().getPagingState() : null;
            if (taken > wanted) {
                throw new IllegalStateException("the driver returned more rows than the page size");
            }
            if (items.size() == first) {
                Cursor cursor = next != null ? new Cursor(buckets.get(at), next)
                        : at + 1 < buckets.size() ? new Cursor(buckets.get(at + 1), null) : null;
                return Mono.just(new Page<>(items, cursor == null ? null : cursor.encode()));
            }
            if (next != null) {
                return fill(bucket, buckets, at, next, first, items, map);
            }
            if (at + 1 < buckets.size()) {
                return fill(bucket, buckets, at + 1, null, first, items, map);
            }
            return Mono.just(new Page<>(items, null));
        });
    }
}

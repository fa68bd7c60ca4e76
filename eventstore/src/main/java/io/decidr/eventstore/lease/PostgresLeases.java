package io.decidr.eventstore.lease;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Leases} in the table {@code leases} (V5). Each call is one statement in its own transaction; whether a lease
 * is free is decided by the row lock of that statement, so two processes taking the same lease at once never both
 * get it.
 */
public final class PostgresLeases implements Leases {

    private static final String TAKE = """
            INSERT INTO leases (name, holder, epoch, taken_at, expires_at)
            VALUES ($1, $2, 1, now(), now() + $3 * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE
               SET holder = excluded.holder, epoch = leases.epoch + 1, taken_at = excluded.taken_at,
                   expires_at = excluded.expires_at
             WHERE leases.expires_at <= now()
            RETURNING epoch
            """;

    private static final String RENEW = """
            UPDATE leases SET expires_at = now() + $4 * interval '1 millisecond'
             WHERE name = $1 AND holder = $2 AND epoch = $3
            RETURNING epoch
            """;

    private static final String RELEASE = """
            UPDATE leases SET expires_at = now() WHERE name = $1 AND holder = $2 AND epoch = $3
            """;

    private static final String LIST = "SELECT name, holder, epoch, taken_at, expires_at FROM leases ORDER BY name";

    private final ConnectionFactory connections;

    public PostgresLeases(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Mono<Long> tryTake(String name, String holder, Duration ttl) {
        return rows(TAKE, row -> row.get("epoch", Long.class), name, holder, ttl.toMillis()).next();
    }

    @Override
    public Mono<Boolean> renew(String name, String holder, long epoch, Duration ttl) {
        return rows(RENEW, row -> row.get("epoch", Long.class), name, holder, epoch, ttl.toMillis()).hasElements();
    }

    @Override
    public Mono<Void> release(String name, String holder, long epoch) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(RELEASE).bind(0, name).bind(1, holder).bind(2, epoch).execute())
                                .flatMap(result -> result.getRowsUpdated()),
                        Connection::close)
                .then();
    }

    @Override
    public Flux<Lease> list() {
        return rows(LIST, row -> new Lease(row.get("name", String.class), row.get("holder", String.class),
                row.get("epoch", Long.class), instant(row.get("taken_at", OffsetDateTime.class)),
                instant(row.get("expires_at", OffsetDateTime.class))));
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    private <T> Flux<T> rows(String sql, Function<Readable, T> mapper, Object... arguments) {
        return Flux.usingWhen(connections.create(), c -> {
            var statement = c.createStatement(sql);
            for (int i = 0; i < arguments.length; i++) {
                statement.bind(i, arguments[i]);
            }
            return Flux.from(statement.execute()).flatMap(result -> result.map(mapper::apply));
        }, Connection::close);
    }
}

package io.decidr.eventstore.feed;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends a notice on a PostgreSQL channel ({@code pg_notify}) to every process listening there
 * ({@link EventNotifications}); delivered once committed, never stored (a process not listening misses it).
 */
public final class Notices {

    /** PostgreSQL refuses longer payloads. */
    public static final int MAX_PAYLOAD_BYTES = 7_999;

    private final ConnectionFactory connections;

    public Notices(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    public Mono<Void> send(String channel, String payload) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement("SELECT pg_notify($1, $2)").bind(0, channel).bind(1, payload)
                                        .execute())
                                .flatMap(result -> result.map(row -> 1)),
                        Connection::close)
                .then();
    }
}

package io.decidr.eventstore.feed;

import io.decidr.eventstore.Checkpoint;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Announces a reader's stored position on the {@value EventNotifications#POSITIONS_CHANNEL} channel, so that processes
 * waiting for it ({@link EventNotifications#positions()}) learn it at once instead of polling where it is stored.
 */
public final class PositionAnnouncer {

    private final ConnectionFactory connections;

    public PositionAnnouncer(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    public Mono<Void> announce(String reader, Checkpoint checkpoint) {
        String payload = new PositionNotice(reader, checkpoint).payload();
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement("SELECT pg_notify('" + EventNotifications.POSITIONS_CHANNEL + "', $1)")
                                        .bind(0, payload).execute())
                                .flatMap(result -> result.map(row -> 1)),
                        Connection::close)
                .then();
    }
}

package io.decidr.eventstore;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link CollectionMembership} from the events table: the Entity aggregate's creation events of a collection, the one
 * query over the log that knows an aggregate's JSON, kept out of the generic store.
 */
public final class PostgresCollectionMembership implements CollectionMembership {

    /*
     * The event type is written out, not bound: only then may the planner use the partial index
     * events_entity_created_by_collection (V2) for a prepared statement. The data field is that of entity.created
     * schema version 1; an upcaster that renames it must change this query too. Only transactions below every
     * snapshot's horizon are read, as READ_ALL does, so a page never skips an entity still being committed.
     */
    private static final String CREATED_IN = """
            SELECT tx::text AS tx_text, global_position, data ->> 'id' AS entity_id
            FROM events
            WHERE event_type = 'entity.created' AND tenant_id = $1 AND data ->> 'collection' = $2
              AND (tx, global_position) > ($3::text::xid8, $4)
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx, global_position
            LIMIT $5
            """;

    private final ConnectionFactory connections;

    public PostgresCollectionMembership(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Served by an index, so paging through a large collection costs each page alike. */
    @Override
    public Mono<List<CreatedEntity>> createdIn(UUID tenant, UUID collection, Checkpoint after, int limit) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(CREATED_IN)
                                        .bind(0, tenant)
                                        .bind(1, collection.toString())
                                        .bind(2, Long.toUnsignedString(after.tx()))
                                        .bind(3, after.position())
                                        .bind(4, limit)
                                        .execute())
                                .flatMap(result -> result.map(row -> new CreatedEntity(
                                        UUID.fromString(row.get("entity_id", String.class)),
                                        new Checkpoint(Long.parseUnsignedLong(row.get("tx_text", String.class)),
                                                row.get("global_position", Long.class))))),
                        Connection::close)
                .collectList();
    }
}

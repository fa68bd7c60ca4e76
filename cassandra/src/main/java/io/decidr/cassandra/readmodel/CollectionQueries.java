package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.readmodel.Views.AttributeView;
import io.decidr.cassandra.readmodel.Views.CollectionView;
import io.decidr.domain.collection.AttributeType;
import io.decidr.eventstore.aggregates.Aggregates;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The {@code collections} read model's queries (the table {@link CollectionWriter} writes). */
public final class CollectionQueries {

    private final ReadModelStatements statements;
    private volatile Prepared prepared;

    private record Prepared(PreparedStatement all, PreparedStatement one) {
    }

    CollectionQueries(ReadModelStatements statements, int generation) {
        this.statements = statements;
        use(generation);
    }

    /** Answers from that generation's table from now on; prepares first, which blocks. */
    void use(int generation) {
        prepared = new Prepared(
                statements.prepare(ReadModel.COLLECTIONS, generation,
                        "SELECT * FROM collections_by_tenant WHERE tenant_id = :tenant"),
                statements.prepare(ReadModel.COLLECTIONS, generation,
                        "SELECT * FROM collections_by_tenant WHERE tenant_id = :tenant AND collection_id = :collection"));
    }

    /** The tenant's collections by name. */
    public Mono<List<CollectionView>> collections(UUID tenantId) {
        return statements.cql().readAll(prepared.all().bind().setUuid("tenant", tenantId), row -> row).collectList()
                .map(rows -> rows.stream().map(CollectionQueries::toCollection)
                        .sorted(Comparator.comparing(CollectionView::name, String.CASE_INSENSITIVE_ORDER))
                        .toList());
    }

    public Mono<CollectionView> collection(UUID tenantId, UUID collectionId) {
        return statements.one(prepared.one().bind().setUuid("tenant", tenantId).setUuid("collection", collectionId),
                CollectionQueries::toCollection);
    }

    private static CollectionView toCollection(Row row) {
        Map<UUID, String> names = row.getMap("attr_names", UUID.class, String.class);
        Map<UUID, String> types = row.getMap("attr_types", UUID.class, String.class);
        Map<UUID, Boolean> required = row.getMap("attr_required", UUID.class, Boolean.class);
        Map<UUID, Long> positions = row.getMap("attr_positions", UUID.class, Long.class);
        Map<UUID, Boolean> personal = row.getMap("attr_personal", UUID.class, Boolean.class);
        List<AttributeView> attributes = names.entrySet().stream()
                .filter(e -> types.containsKey(e.getKey()))
                .map(e -> new AttributeView(e.getKey(), e.getValue(), attributeType(types.get(e.getKey())),
                        Boolean.TRUE.equals(required.get(e.getKey())), Boolean.TRUE.equals(personal.get(e.getKey())),
                        positions.getOrDefault(e.getKey(), 0L)))
                .sorted(Comparator.comparingLong(AttributeView::position))
                .toList();
        return new CollectionView(row.getUuid("collection_id"), row.getString("name"), row.getBoolean("archived"),
                row.getLong("version"), attributes);
    }

    private static AttributeType attributeType(String json) {
        try {
            return Aggregates.JSON.readValue(json, AttributeType.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored attribute type is not readable: " + json, e);
        }
    }
}

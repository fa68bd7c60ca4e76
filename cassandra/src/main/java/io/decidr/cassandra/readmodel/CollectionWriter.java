package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.domain.collection.AttributeDefined;
import io.decidr.domain.collection.AttributeRemoved;
import io.decidr.domain.collection.AttributeRenamed;
import io.decidr.domain.collection.CollectionArchived;
import io.decidr.domain.collection.CollectionCreated;
import io.decidr.domain.collection.CollectionEvent;
import io.decidr.domain.collection.CollectionRenamed;
import io.decidr.projections.readmodel.EventContext;
import io.decidr.projections.readmodel.ReadModelWriter;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Writes collection events into {@code collections_by_tenant}. Each attribute is a key in four maps, so a
 * rename or removal touches only its own cells and needs no read.
 */
public final class CollectionWriter implements ReadModelWriter<CollectionEvent> {

    private final ReactiveCql cql;
    private final int generation;
    private final PreparedStatement create;
    private final PreparedStatement rename;
    private final PreparedStatement archive;
    private final PreparedStatement define;
    private final PreparedStatement renameAttribute;
    private final PreparedStatement removeAttribute;

    /** A writer into generation 1 of the read model. */
    public CollectionWriter(CqlSession session) {
        this(session, 1);
    }

    /** A writer into the given generation of the read model (see {@link ReadModel}). */
    public CollectionWriter(CqlSession session, int generation) {
        this.cql = new ReactiveCql(session);
        this.generation = generation;
        String where = " WHERE tenant_id = :tenant AND collection_id = :collection";
        create = prepare("UPDATE collections_by_tenant USING TIMESTAMP :v SET name = :name, archived = false, version = :v" + where);
        rename = prepare("UPDATE collections_by_tenant USING TIMESTAMP :v SET name = :name, version = :v" + where);
        archive = prepare("UPDATE collections_by_tenant USING TIMESTAMP :v SET archived = true, version = :v" + where);
        define = prepare("""
                UPDATE collections_by_tenant USING TIMESTAMP :v
                SET attr_names[:attribute] = :name, attr_types[:attribute] = :type, attr_required[:attribute] = :required,
                    attr_positions[:attribute] = :v, attr_personal[:attribute] = :personal, version = :v""" + where);
        renameAttribute = prepare(
                "UPDATE collections_by_tenant USING TIMESTAMP :v SET attr_names[:attribute] = :name, version = :v" + where);
        removeAttribute = prepare("""
                UPDATE collections_by_tenant USING TIMESTAMP :v
                SET attr_names[:attribute] = null, attr_types[:attribute] = null, attr_required[:attribute] = null,
                    attr_positions[:attribute] = null, attr_personal[:attribute] = null, version = :v""" + where);
    }

    private PreparedStatement prepare(String statement) {
        return cql.prepare(ReadModel.COLLECTIONS.sql(statement, generation));
    }

    @Override
    public Mono<Void> apply(EventContext ctx, CollectionEvent event) {
        UUID tenant = ctx.tenant();
        UUID collection = event.id().value();
        long v = ctx.version();
        return cql.write(switch (event) {
            case CollectionCreated e -> create.bind().setLong("v", v).setString("name", e.name())
                    .setUuid("tenant", tenant).setUuid("collection", collection);
            case CollectionRenamed e -> rename.bind().setLong("v", v).setString("name", e.name())
                    .setUuid("tenant", tenant).setUuid("collection", collection);
            case CollectionArchived e -> archive.bind().setLong("v", v).setUuid("tenant", tenant).setUuid("collection", collection);
            case AttributeDefined e -> define.bind().setLong("v", v).setUuid("attribute", e.attribute().id().value())
                    .setString("name", e.attribute().name()).setString("type", ValueText.json(e.attribute().type()))
                    .setBoolean("required", e.attribute().required()).setBoolean("personal", e.attribute().personal())
                    .setUuid("tenant", tenant).setUuid("collection", collection);
            case AttributeRenamed e -> renameAttribute.bind().setLong("v", v).setUuid("attribute", e.attributeId().value())
                    .setString("name", e.name()).setUuid("tenant", tenant).setUuid("collection", collection);
            case AttributeRemoved e -> removeAttribute.bind().setLong("v", v).setUuid("attribute", e.attributeId().value())
                    .setUuid("tenant", tenant).setUuid("collection", collection);
        });
    }
}

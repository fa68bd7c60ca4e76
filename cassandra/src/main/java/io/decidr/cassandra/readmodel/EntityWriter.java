package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.entity.BacklinkAdded;
import io.decidr.domain.entity.BacklinkRemoved;
import io.decidr.domain.entity.EntityArchived;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityErased;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityLinked;
import io.decidr.domain.entity.EntityRestored;
import io.decidr.domain.entity.EntityUnlinked;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.entity.ValueCleared;
import io.decidr.domain.entity.ValueSet;
import io.decidr.projections.readmodel.EventContext;
import io.decidr.projections.readmodel.ReadModelWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Writes entity events into {@code entity_by_id}, {@code entities_by_collection}, {@code entity_history},
 * {@code links_by_source} and {@code links_by_target}. Every write is stamped with the event's stream version.
 */
public final class EntityWriter implements ReadModelWriter<EntityEvent> {

    private final ReactiveCql cql;
    private final int generation;
    private final PreparedStatement createById;
    private final PreparedStatement createInCollection;
    private final PreparedStatement setById;
    private final PreparedStatement setInCollection;
    private final PreparedStatement clearById;
    private final PreparedStatement clearInCollection;
    private final PreparedStatement archiveById;
    private final PreparedStatement archiveInCollection;
    private final PreparedStatement collectionOf;
    private final PreparedStatement touch;
    private final PreparedStatement history;
    private final PreparedStatement link;
    private final PreparedStatement unlink;
    private final PreparedStatement backlink;
    private final PreparedStatement unbacklink;
    private final PreparedStatement valuesOf;
    private final PreparedStatement eraseById;
    private final PreparedStatement eraseInCollection;
    private final PreparedStatement historyOf;
    private final PreparedStatement eraseHistory;
    // an entity's collection never changes: remembering it saves a read per event
    private final Cache<UUID, UUID> collections = Caffeine.newBuilder().maximumSize(100_000).build();

    /** A writer into generation 1 of the read model. */
    public EntityWriter(CqlSession session) {
        this(session, 1);
    }

    /** A writer into the given generation of the read model (see {@link ReadModel}). */
    public EntityWriter(CqlSession session, int generation) {
        this.cql = new ReactiveCql(session);
        this.generation = generation;
        createById = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v
                SET collection_id = :collection, archived = false, version = :v, created_at = :at, updated_at = :at,
                    vals = :vals
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        createInCollection = prepare("""
                UPDATE entities_by_collection USING TIMESTAMP :v
                SET archived = false, version = :v, vals = :vals, filter_vals = :filter
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""");
        setById = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v SET vals[:attribute] = :value, version = :v, updated_at = :at
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        setInCollection = prepare("""
                UPDATE entities_by_collection USING TIMESTAMP :v
                SET vals[:attribute] = :value, filter_vals[:attribute] = :filter, version = :v
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""");
        clearById = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v SET vals[:attribute] = null, version = :v, updated_at = :at
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        clearInCollection = prepare("""
                UPDATE entities_by_collection USING TIMESTAMP :v
                SET vals[:attribute] = null, filter_vals[:attribute] = null, version = :v
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""");
        archiveById = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v SET archived = :archived, version = :v, updated_at = :at
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        archiveInCollection = prepare("""
                UPDATE entities_by_collection USING TIMESTAMP :v SET archived = :archived, version = :v
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""");
        touch = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v SET version = :v, updated_at = :at
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        collectionOf = prepare("SELECT collection_id FROM entity_by_id WHERE tenant_id = :tenant AND entity_id = :entity");
        history = prepare("""
                INSERT INTO entity_history (tenant_id, entity_id, version, event_type, actor, recorded_at, attribute_id,
                                            value, previous, detail)
                VALUES (:tenant, :entity, :v, :type, :actor, :at, :attribute, :value, :previous, :detail)
                USING TIMESTAMP :v""");
        link = prepare("""
                INSERT INTO links_by_source (tenant_id, source_id, attribute_id, target_id)
                VALUES (:tenant, :entity, :attribute, :target) USING TIMESTAMP :v""");
        unlink = prepare("""
                DELETE FROM links_by_source USING TIMESTAMP :v
                WHERE tenant_id = :tenant AND source_id = :entity AND attribute_id = :attribute AND target_id = :target""");
        backlink = prepare("""
                INSERT INTO links_by_target (tenant_id, target_id, bucket, source_attribute_id, source_id, source_collection_id)
                VALUES (:tenant, :entity, :bucket, :attribute, :source, :collection) USING TIMESTAMP :v""");
        unbacklink = prepare("""
                DELETE FROM links_by_target USING TIMESTAMP :v
                WHERE tenant_id = :tenant AND target_id = :entity AND bucket = :bucket AND source_attribute_id = :attribute
                  AND source_id = :source""");
        valuesOf = prepare("SELECT vals FROM entity_by_id WHERE tenant_id = :tenant AND entity_id = :entity");
        eraseById = prepare("""
                UPDATE entity_by_id USING TIMESTAMP :v SET vals = vals + :erased, erased = true, version = :v, updated_at = :at
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        eraseInCollection = prepare("""
                UPDATE entities_by_collection USING TIMESTAMP :v
                SET vals = vals + :erased, filter_vals = filter_vals - :attributes, version = :v
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket AND entity_id = :entity""");
        historyOf = prepare("""
                SELECT version, attribute_id, value, previous FROM entity_history
                WHERE tenant_id = :tenant AND entity_id = :entity""");
        eraseHistory = prepare("""
                UPDATE entity_history USING TIMESTAMP :v SET value = :value, previous = :previous
                WHERE tenant_id = :tenant AND entity_id = :entity AND version = :version""");
    }

    private PreparedStatement prepare(String statement) {
        return cql.prepare(ReadModel.ENTITIES.sql(statement, generation));
    }

    @Override
    public Mono<Void> apply(EventContext ctx, EntityEvent event) {
        UUID tenant = ctx.tenant();
        UUID entity = event.id().value();
        long v = ctx.version();
        return switch (event) {
            case EntityCreated e -> {
                collections.put(entity, e.collection().value());
                Map<UUID, String> vals = new HashMap<>();
                Map<UUID, String> filter = new HashMap<>();
                e.values().forEach((attribute, value) -> {
                    vals.put(attribute.value(), ValueText.json(value));
                    String text = ValueText.filterText(value);
                    if (text != null) {
                        filter.put(attribute.value(), text);
                    }
                });
                yield Mono.when(
                        cql.write(createById.bind().setLong("v", v).setUuid("collection", e.collection().value())
                                .setInstant("at", ctx.recordedAt()).setMap("vals", vals, UUID.class, String.class)
                                .setUuid("tenant", tenant).setUuid("entity", entity)),
                        cql.write(createInCollection.bind().setLong("v", v).setMap("vals", vals, UUID.class, String.class)
                                .setMap("filter", filter, UUID.class, String.class).setUuid("tenant", tenant)
                                .setUuid("collection", e.collection().value()).setInt("bucket", bucket(entity))
                                .setUuid("entity", entity)),
                        history(ctx, entity, null, null, null, null));
            }
            case ValueSet e -> collectionOf(tenant, entity).flatMap(collection -> Mono.when(
                    cql.write(setById.bind().setLong("v", v).setUuid("attribute", e.attribute().value())
                            .setString("value", ValueText.json(e.value())).setInstant("at", ctx.recordedAt())
                            .setUuid("tenant", tenant).setUuid("entity", entity)),
                    cql.write(setInCollection.bind().setLong("v", v).setUuid("attribute", e.attribute().value())
                            .setString("value", ValueText.json(e.value())).setString("filter", ValueText.filterText(e.value()))
                            .setUuid("tenant", tenant).setUuid("collection", collection).setInt("bucket", bucket(entity))
                            .setUuid("entity", entity)),
                    history(ctx, entity, e.attribute(), e.value(), e.previous(), null)));
            case ValueCleared e -> collectionOf(tenant, entity).flatMap(collection -> Mono.when(
                    cql.write(clearById.bind().setLong("v", v).setUuid("attribute", e.attribute().value())
                            .setInstant("at", ctx.recordedAt()).setUuid("tenant", tenant).setUuid("entity", entity)),
                    cql.write(clearInCollection.bind().setLong("v", v).setUuid("attribute", e.attribute().value())
                            .setUuid("tenant", tenant).setUuid("collection", collection).setInt("bucket", bucket(entity))
                            .setUuid("entity", entity)),
                    history(ctx, entity, e.attribute(), null, e.previous(), null)));
            case EntityArchived e -> archived(ctx, entity, true);
            case EntityRestored e -> archived(ctx, entity, false);
            case EntityLinked e -> Mono.when(touch(ctx, entity),
                    cql.write(link.bind().setUuid("tenant", tenant).setUuid("entity", entity)
                            .setUuid("attribute", e.attribute().value()).setUuid("target", e.target().value()).setLong("v", v)),
                    history(ctx, entity, e.attribute(), null, null, e.target().toString()));
            case EntityUnlinked e -> Mono.when(touch(ctx, entity),
                    cql.write(unlink.bind().setLong("v", v).setUuid("tenant", tenant).setUuid("entity", entity)
                            .setUuid("attribute", e.attribute().value()).setUuid("target", e.target().value())),
                    history(ctx, entity, e.attribute(), null, null, e.target().toString()));
            case BacklinkAdded e -> Mono.when(touch(ctx, entity),
                    cql.write(backlink.bind().setUuid("tenant", tenant).setUuid("entity", entity)
                            .setInt("bucket", Buckets.of(e.source().value(), Buckets.BACKLINKS))
                            .setUuid("attribute", e.sourceAttribute().value()).setUuid("source", e.source().value())
                            .setUuid("collection", e.sourceCollection().value()).setLong("v", v)),
                    history(ctx, entity, e.sourceAttribute(), null, null, e.source().toString()));
            case BacklinkRemoved e -> Mono.when(touch(ctx, entity),
                    cql.write(unbacklink.bind().setLong("v", v).setUuid("tenant", tenant).setUuid("entity", entity)
                            .setInt("bucket", Buckets.of(e.source().value(), Buckets.BACKLINKS))
                            .setUuid("attribute", e.sourceAttribute().value()).setUuid("source", e.source().value())),
                    history(ctx, entity, e.sourceAttribute(), null, null, e.source().toString()));
            case EntityErased e -> erased(ctx, entity, e);
        };
    }

    /**
     * Every personal value the rows hold replaced by its erased stand-in: the entity's current values (those it has;
     * filters drop them) and each change in its history. Written at the erasure's version, so it wins over every
     * earlier write, a repeated one included.
     */
    private Mono<Void> erased(EventContext ctx, UUID entity, EntityErased e) {
        UUID tenant = ctx.tenant();
        long v = ctx.version();
        Set<UUID> personal = new HashSet<>();
        e.attributes().forEach(attribute -> personal.add(attribute.value()));
        String standIn = ValueText.json(ErasedValue.INSTANCE);
        Mono<Void> current = Mono.zip(collectionOf(tenant, entity),
                        cql.read(valuesOf.bind().setUuid("tenant", tenant).setUuid("entity", entity))
                                .map(rows -> {
                                    Row row = rows.one();
                                    return row == null ? Map.<UUID, String>of() : row.getMap("vals", UUID.class, String.class);
                                }))
                .flatMap(found -> {
                    Map<UUID, String> erasedValues = new HashMap<>();
                    found.getT2().keySet().stream().filter(personal::contains)
                            .forEach(attribute -> erasedValues.put(attribute, standIn));
                    return Mono.when(
                            cql.write(eraseById.bind().setLong("v", v).setMap("erased", erasedValues, UUID.class, String.class)
                                    .setInstant("at", ctx.recordedAt()).setUuid("tenant", tenant).setUuid("entity", entity)),
                            cql.write(eraseInCollection.bind().setLong("v", v)
                                    .setMap("erased", erasedValues, UUID.class, String.class)
                                    .setSet("attributes", personal, UUID.class).setUuid("tenant", tenant)
                                    .setUuid("collection", found.getT1()).setInt("bucket", bucket(entity))
                                    .setUuid("entity", entity)));
                });
        Mono<Void> past = cql.readAll(historyOf.bind().setUuid("tenant", tenant).setUuid("entity", entity),
                        row -> new Change(row.getLong("version"), row.getUuid("attribute_id"), row.getString("value") != null,
                                row.getString("previous") != null))
                .filter(change -> personal.contains(change.attribute()) && (change.value() || change.previous()))
                .concatMap(change -> {
                    // columns that hold nothing stay unset: no tombstones
                    BoundStatementBuilder row = eraseHistory.boundStatementBuilder().setLong("v", v)
                            .setUuid("tenant", tenant).setUuid("entity", entity).setLong("version", change.version());
                    if (change.value()) {
                        row.setString("value", standIn);
                    }
                    if (change.previous()) {
                        row.setString("previous", standIn);
                    }
                    return cql.write(row.build());
                })
                .then();
        return Mono.when(current, past, history(ctx, entity, null, null, null, e.reason()));
    }

    /** Events that change no value still move the entity's version. */
    private Mono<Void> touch(EventContext ctx, UUID entity) {
        return cql.write(touch.bind().setLong("v", ctx.version()).setInstant("at", ctx.recordedAt())
                .setUuid("tenant", ctx.tenant()).setUuid("entity", entity));
    }

    private Mono<Void> archived(EventContext ctx, UUID entity, boolean archived) {
        return collectionOf(ctx.tenant(), entity).flatMap(collection -> Mono.when(
                cql.write(archiveById.bind().setLong("v", ctx.version()).setBoolean("archived", archived)
                        .setInstant("at", ctx.recordedAt()).setUuid("tenant", ctx.tenant()).setUuid("entity", entity)),
                cql.write(archiveInCollection.bind().setLong("v", ctx.version()).setBoolean("archived", archived)
                        .setUuid("tenant", ctx.tenant()).setUuid("collection", collection).setInt("bucket", bucket(entity))
                        .setUuid("entity", entity)),
                history(ctx, entity, null, null, null, null)));
    }

    private Mono<Void> history(EventContext ctx, UUID entity, AttributeId attribute, Value value, Value previous, String detail) {
        // absent parts stay unset rather than null, so they write no tombstones
        BoundStatementBuilder row = history.boundStatementBuilder().setUuid("tenant", ctx.tenant()).setUuid("entity", entity)
                .setLong("v", ctx.version()).setString("type", ctx.type()).setInstant("at", ctx.recordedAt());
        if (ctx.actor() != null) {
            row.setString("actor", ctx.actor());
        }
        if (attribute != null) {
            row.setUuid("attribute", attribute.value());
        }
        if (value != null) {
            row.setString("value", ValueText.json(value));
        }
        if (previous != null) {
            row.setString("previous", ValueText.json(previous));
        }
        if (detail != null) {
            row.setString("detail", detail);
        }
        return cql.write(row.build());
    }

    private Mono<UUID> collectionOf(UUID tenant, UUID entity) {
        UUID known = collections.getIfPresent(entity);
        if (known != null) {
            return Mono.just(known);
        }
        return cql.read(collectionOf.bind().setUuid("tenant", tenant).setUuid("entity", entity))
                .flatMap(rows -> Mono.justOrEmpty(rows.one()))
                .map(row -> row.getUuid("collection_id"))
                .doOnNext(collection -> collections.put(entity, collection))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "entity " + entity + " has no row yet: its creation was not projected")));
    }

    /** A row of an entity's history: which attribute it changed, and whether it holds a value and a previous one. */
    private record Change(long version, UUID attribute, boolean value, boolean previous) {
    }

    private static int bucket(UUID entity) {
        return Buckets.of(entity, Buckets.ENTITIES);
    }
}

package io.decidr.cassandra.readmodel;

import static io.decidr.cassandra.readmodel.ReadModelStatements.checkPageSize;

import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.readmodel.Views.BacklinkView;
import io.decidr.cassandra.readmodel.Views.EntityView;
import io.decidr.cassandra.readmodel.Views.HistoryView;
import io.decidr.cassandra.readmodel.Views.LinkView;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code entities} read model's queries (the tables {@link EntityWriter} writes): one entity, a collection's
 * entities by page and filter, links and backlinks, and an entity's history.
 */
public final class EntityQueries {

    /** The most attribute filters one entities query may combine. */
    public static final int MAX_FILTERS = 5;

    private static final List<Integer> ALL_BACKLINK_BUCKETS = IntStream.range(0, Buckets.BACKLINKS).boxed().toList();
    private static final List<Integer> ALL_ENTITY_BUCKETS = IntStream.range(0, Buckets.ENTITIES).boxed().toList();
    private static final List<Integer> ONE_BUCKET = List.of(0);
    /** Rows per driver page when a traversal streams links: a hop stops after its cap, so small pages waste little. */
    private static final int TRAVERSAL_PAGE = 500;

    private final ReadModelStatements statements;
    private volatile Prepared prepared;

    private record Prepared(PreparedStatement entity, PreparedStatement links, PreparedStatement backlinks,
            PreparedStatement linkTargets, PreparedStatement backlinkSources, PreparedStatement history,
            Map<String, PreparedStatement> pages) {
    }

    EntityQueries(ReadModelStatements statements, int generation) {
        this.statements = statements;
        use(generation);
    }

    /** Answers from that generation's tables from now on; prepares first, which blocks. */
    void use(int generation) {
        Function<String, PreparedStatement> in = text -> statements.prepare(ReadModel.ENTITIES, generation, text);
        // every shape of the entities query, prepared now: preparing later would block a request thread
        Map<String, PreparedStatement> pages = new HashMap<>();
        for (int filters = 0; filters <= MAX_FILTERS; filters++) {
            for (boolean includeArchived : new boolean[] {false, true}) {
                pages.put(filters + "/" + includeArchived, in.apply(entityPage(filters, includeArchived)));
            }
        }
        prepared = new Prepared(
                in.apply("SELECT * FROM entity_by_id WHERE tenant_id = :tenant AND entity_id = :entity"),
                in.apply("SELECT * FROM links_by_source WHERE tenant_id = :tenant AND source_id = :entity"),
                in.apply("SELECT * FROM links_by_target WHERE tenant_id = :tenant AND target_id = :entity AND bucket = :bucket"),
                in.apply("SELECT target_id FROM links_by_source WHERE tenant_id = :tenant AND source_id = :entity"
                        + " AND attribute_id = :attribute"),
                in.apply("SELECT source_id FROM links_by_target WHERE tenant_id = :tenant AND target_id = :entity"
                        + " AND bucket IN :buckets AND source_attribute_id = :attribute"),
                in.apply("SELECT * FROM entity_history WHERE tenant_id = :tenant AND entity_id = :entity"),
                Map.copyOf(pages));
    }

    public Mono<EntityView> entity(UUID tenantId, UUID entityId) {
        return statements.one(prepared.entity().bind().setUuid("tenant", tenantId).setUuid("entity", entityId),
                row -> new EntityView(row.getUuid("entity_id"), row.getUuid("collection_id"), row.getBoolean("archived"),
                        row.getLong("version"), row.getInstant("created_at"), row.getInstant("updated_at"), values(row)));
    }

    /**
     * A page of a collection's entities, optionally only those whose attribute values equal the given filter
     * texts (see {@link ValueText#filterText}); archived entities only when asked for.
     */
    public Mono<Page<EntityView>> entities(UUID tenantId, UUID collectionId, Map<UUID, String> filter,
            boolean includeArchived, int first, String after) {
        checkPageSize(first);
        if (filter.size() > MAX_FILTERS) {
            throw Rejection.validation("filter", "at most " + MAX_FILTERS + " filters at once");
        }
        List<Map.Entry<UUID, String>> filters = List.copyOf(new LinkedHashMap<>(filter).entrySet());
        // Without value filters, archived entities are skipped here rather than by the archived index: an index
        // query costs Cassandra several times a plain read of the partition's rows, and live entities are the rule.
        boolean skipArchived = filters.isEmpty() && !includeArchived;
        PreparedStatement statement = prepared.pages().get(filters.size() + "/" + (includeArchived || skipArchived));
        Cursor cursor = Cursor.decode(after, Buckets.ENTITIES);
        Function<Integer, BoundStatementBuilder> bucket = b -> {
            BoundStatementBuilder bound = statement.boundStatementBuilder()
                    .setUuid("tenant", tenantId).setUuid("collection", collectionId).setInt("bucket", b);
            for (int i = 0; i < filters.size(); i++) {
                bound.setUuid("a" + i, filters.get(i).getKey()).setString("v" + i, filters.get(i).getValue());
            }
            return bound;
        };
        return statements.fill(bucket, ALL_ENTITY_BUCKETS, cursor.bucket(), cursor.pagingState(), first, new ArrayList<>(),
                row -> skipArchived && row.getBoolean("archived") ? null : new EntityView(row.getUuid("entity_id"),
                        collectionId, row.getBoolean("archived"), row.getLong("version"), null, null, values(row)));
    }

    /** A page of the entity's outgoing links, by attribute then target. */
    public Mono<Page<LinkView>> links(UUID tenantId, UUID sourceId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        PreparedStatement links = prepared.links();
        return statements.fill(b -> links.boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", sourceId),
                ONE_BUCKET, 0, cursor.pagingState(), first, new ArrayList<>(),
                row -> new LinkView(sourceId, row.getUuid("attribute_id"), row.getUuid("target_id")));
    }

    /** A page of the links that point at the entity, bucket after bucket. */
    public Mono<Page<BacklinkView>> backlinks(UUID tenantId, UUID targetId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, Buckets.BACKLINKS);
        PreparedStatement backlinks = prepared.backlinks();
        return statements.fill(b -> backlinks.boundStatementBuilder().setUuid("tenant", tenantId)
                        .setUuid("entity", targetId).setInt("bucket", b),
                ALL_BACKLINK_BUCKETS, cursor.bucket(), cursor.pagingState(), first, new ArrayList<>(),
                row -> new BacklinkView(targetId, row.getUuid("source_attribute_id"), row.getUuid("source_id"),
                        row.getUuid("source_collection_id")));
    }

    /**
     * The entities the source links to through one attribute, streamed page by page: a traversal stops reading as
     * soon as it has seen enough (cancelling stops the paging).
     */
    public Flux<UUID> linkTargets(UUID tenantId, UUID sourceId, UUID attributeId) {
        return statements.cql().readAll(prepared.linkTargets().bind().setUuid("tenant", tenantId)
                .setUuid("entity", sourceId).setUuid("attribute", attributeId).setPageSize(TRAVERSAL_PAGE),
                row -> row.getUuid("target_id"));
    }

    /** The entities linking to the target through one attribute, streamed as {@link #linkTargets} is. */
    public Flux<UUID> backlinkSources(UUID tenantId, UUID targetId, UUID attributeId) {
        return statements.cql().readAll(prepared.backlinkSources().bind().setUuid("tenant", tenantId)
                .setUuid("entity", targetId).setList("buckets", ALL_BACKLINK_BUCKETS, Integer.class)
                .setUuid("attribute", attributeId).setPageSize(TRAVERSAL_PAGE), row -> row.getUuid("source_id"));
    }

    /** The entity's history, newest first. */
    public Mono<Page<HistoryView>> history(UUID tenantId, UUID entityId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        PreparedStatement history = prepared.history();
        return statements.fill(b -> history.boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", entityId),
                ONE_BUCKET, 0, cursor.pagingState(), first, new ArrayList<>(), row -> new HistoryView(row.getLong("version"),
                        row.getString("event_type"), row.getString("actor"), row.getInstant("recorded_at"),
                        row.getUuid("attribute_id"), ValueText.value(row.getString("value")),
                        ValueText.value(row.getString("previous")), row.getString("detail")));
    }

    private static String entityPage(int filters, boolean includeArchived) {
        StringBuilder statement = new StringBuilder("""
                SELECT entity_id, archived, version, vals FROM entities_by_collection
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket""");
        for (int i = 0; i < filters; i++) {
            statement.append(" AND filter_vals[:a").append(i).append("] = :v").append(i);
        }
        if (!includeArchived) {
            statement.append(" AND archived = false");
        }
        return statement.toString();
    }

    private static Map<UUID, Value> values(Row row) {
        Map<UUID, Value> values = new LinkedHashMap<>();
        row.getMap("vals", UUID.class, String.class).forEach((attribute, json) -> values.put(attribute, ValueText.value(json)));
        return values;
    }
}

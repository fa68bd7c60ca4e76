package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.cassandra.readmodel.Page;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.readmodel.ValueText;
import io.decidr.cassandra.readmodel.Views.CollectionView;
import io.decidr.cassandra.readmodel.Views.EntityView;
import io.decidr.cassandra.readmodel.Views.TenantView;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.ValueKind;
import io.decidr.platform.graphql.ReadModelGraph.AttributeNode;
import io.decidr.platform.graphql.ReadModelGraph.ChangeNode;
import io.decidr.platform.graphql.ReadModelGraph.CollectionNode;
import io.decidr.platform.graphql.ReadModelGraph.Connection;
import io.decidr.platform.graphql.ReadModelGraph.Edge;
import io.decidr.platform.graphql.ReadModelGraph.LinkNode;
import io.decidr.platform.graphql.ReadModelGraph.NodeList;
import io.decidr.platform.graphql.ReadModelGraph.PageInfo;
import io.decidr.platform.graphql.ReadModelGraph.ValueNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * Queries served from the Cassandra read models, always within the caller's tenant (an id from another tenant
 * finds nothing). They never load aggregates.
 */
@Controller
public class ReadQueries {

    /** The longest text a filter compares: no attribute holds more by default (TEXT maxLength 10,000). */
    private static final int MAX_FILTER_TEXT = 10_000;

    private final ReadModelQueries queries;

    public ReadQueries(ReadModelQueries queries) {
        this.queries = queries;
    }

    /** An entity as the graph sees it: the view plus the tenant it was read in (for its nested fields). */
    public record EntityNode(UUID tenant, UUID id, UUID collectionId, boolean archived, long version, EntityView view) {
        static EntityNode of(UUID tenant, EntityView view) {
            return new EntityNode(tenant, view.id(), view.collectionId(), view.archived(), view.version(), view);
        }

        /**
         * {@code Entity.values}, read by GraphQL as a plain property: a controller method per entity (argument
         * resolution, context propagation, an observation) cost more than the page read that brought the values.
         */
        public List<ValueNode> values() {
            return view.values().entrySet().stream().map(e -> ValueNode.of(e.getKey(), e.getValue())).toList();
        }
    }

    @QueryMapping
    public Mono<TenantView> tenant(Requester requester) {
        return Mono.defer(() -> queries.tenants().tenant(reader(requester).tenant().value()))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("the tenant is not registered")));
    }

    @QueryMapping
    public Mono<List<CollectionNode>> collections(Requester requester) {
        return Mono.defer(() -> queries.collections().collections(reader(requester).tenant().value()))
                .map(list -> list.stream().map(ReadQueries::node).toList());
    }

    @QueryMapping
    public Mono<CollectionNode> collection(@Argument String id, Requester requester) {
        return Mono.defer(() -> queries.collections().collection(reader(requester).tenant().value(), CollectionId.parse(id, "id").value()))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("collection " + id + " does not exist")))
                .map(ReadQueries::node);
    }

    @QueryMapping
    public Mono<EntityNode> entity(@Argument String id, Requester requester) {
        return Mono.defer(() -> {
            UUID tenant = reader(requester).tenant().value();
            return queries.entities().entity(tenant, EntityId.parse(id, "id").value())
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound("entity " + id + " does not exist")))
                    .map(view -> EntityNode.of(tenant, view));
        });
    }

    @QueryMapping
    public Mono<Connection<EntityNode>> entities(@Argument String collectionId, @Argument List<ValueArgument> filter,
            @Argument Boolean includeArchived, @Argument Integer first, @Argument String after, Requester requester) {
        return Mono.defer(() -> {
            UUID tenant = reader(requester).tenant().value();
            UUID collection = CollectionId.parse(collectionId, "collectionId").value();
            List<ValueArgument> filters = filter == null ? List.of() : filter;
            boolean archivedToo = Boolean.TRUE.equals(includeArchived);
            int size = first == null ? 20 : first;
            // looked up with or without filters: a collection that is not the caller's is NOT_FOUND, not an empty page
            Mono<CollectionView> known = queries.collections().collection(tenant, collection)
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound("collection " + collectionId + " does not exist")));
            Mono<Page<EntityView>> page = filters.isEmpty()
                    // nothing to convert: the page is read alongside the lookup instead of after it; the lookup's
                    // NOT_FOUND still comes before anything the page read refused
                    ? Mono.zip(known, Mono.defer(() -> queries.entities().entities(tenant, collection, Map.of(), archivedToo, size,
                            after)).materialize(), (view, read) -> read).<Page<EntityView>>dematerialize()
                    : known.flatMap(view -> queries.entities().entities(tenant, collection, filterTexts(view, filters), archivedToo,
                            size, after));
            return page.map(entities -> connection(entities, view -> EntityNode.of(tenant, view)));
        });
    }

    @SchemaMapping(typeName = "Entity")
    public Mono<NodeList<LinkNode>> links(EntityNode entity, @Argument Integer first, @Argument String after) {
        return Mono.defer(() -> queries.entities().links(entity.tenant(), entity.id(), first == null ? 50 : first, after))
                .map(page -> new NodeList<>(page.items().stream()
                        .map(l -> new LinkNode(l.sourceId(), l.attributeId(), l.targetId())).toList(),
                        new PageInfo(page.hasNextPage(), page.endCursor())));
    }

    @SchemaMapping(typeName = "Entity")
    public Mono<NodeList<LinkNode>> backlinks(EntityNode entity, @Argument Integer first, @Argument String after) {
        return Mono.defer(() -> queries.entities().backlinks(entity.tenant(), entity.id(), first == null ? 50 : first, after))
                .map(page -> new NodeList<>(page.items().stream()
                        .map(l -> new LinkNode(l.sourceId(), l.sourceAttributeId(), l.targetId())).toList(),
                        new PageInfo(page.hasNextPage(), page.endCursor())));
    }

    @SchemaMapping(typeName = "Entity")
    public Mono<NodeList<io.decidr.cassandra.readmodel.Views.CommentView>> comments(EntityNode entity,
            @Argument Integer first, @Argument String after) {
        return Mono.defer(() -> queries.comments().comments(entity.tenant(), entity.id(), first == null ? 20 : first, after))
                .map(page -> new NodeList<>(page.items(), new PageInfo(page.hasNextPage(), page.endCursor())));
    }

    @SchemaMapping(typeName = "Entity")
    public Mono<NodeList<ChangeNode>> history(EntityNode entity, @Argument Integer first, @Argument String after) {
        return Mono.defer(() -> queries.entities().history(entity.tenant(), entity.id(), first == null ? 20 : first, after))
                .map(page -> new NodeList<>(page.items().stream().map(ChangeNode::of).toList(),
                        new PageInfo(page.hasNextPage(), page.endCursor())));
    }

    /** Anyone with a role in the tenant reads its data. */
    static Requester reader(Requester requester) {
        if (requester.actor().roles().isEmpty()) {
            throw Rejection.forbidden("reading needs a role in the tenant");
        }
        return requester;
    }

    private static CollectionNode node(CollectionView view) {
        return new CollectionNode(view.id(), view.name(), view.archived(), view.version(),
                view.attributes().stream().map(AttributeNode::of).toList());
    }

    private static Map<UUID, String> filterTexts(CollectionView view, List<ValueArgument> filters) {
        CollectionSchema schema = new CollectionSchema(new CollectionId(view.id()), view.archived(),
                view.attributes().stream().map(a -> new Attribute(new AttributeId(a.id()), a.name(), a.type(), a.required()))
                        .toList());
        Map<UUID, String> texts = new LinkedHashMap<>();
        for (ValueArgument filter : filters) {
            if (filter.text() != null && filter.text().length() > MAX_FILTER_TEXT) {
                throw Rejection.validation("filter", "a text filter is at most " + MAX_FILTER_TEXT + " characters");
            }
            String field = "values." + filter.attribute();
            Attribute attribute = schema.attributeByReference(filter.attribute()).orElseThrow(() ->
                    Rejection.validation(field, "the collection has no attribute " + filter.attribute()));
            texts.put(attribute.id().value(), ValueText.filterText(ValueKind.require(attribute, filter.value(), field)));
        }
        return texts;
    }

    private static <V, N> Connection<N> connection(Page<V> page, java.util.function.Function<V, N> map) {
        List<Edge<N>> edges = page.items().stream()
                .map(item -> new Edge<>(page.endCursor() == null ? "" : page.endCursor(), map.apply(item)))
                .toList();
        return new Connection<>(edges, new PageInfo(page.hasNextPage(), page.endCursor()));
    }
}

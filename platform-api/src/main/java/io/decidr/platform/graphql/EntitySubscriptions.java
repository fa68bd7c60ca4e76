package io.decidr.platform.graphql;

import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.domain.collection.CollectionId;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.graphql.ReadQueries.EntityNode;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** Subscriptions fed by the projectors: a change is pushed once the read model holds it. */
@Controller
public class EntitySubscriptions {

    private final ProjectorRole projectors;
    private final ReadModelQueries queries;

    public EntitySubscriptions(ProjectorRole projectors, ReadModelQueries queries) {
        this.projectors = projectors;
        this.queries = queries;
    }

    @SubscriptionMapping
    public Flux<EntityNode> entityChanged(@Argument String collectionId, Principal principal) {
        return Flux.defer(() -> {
            UUID tenant = ReadQueries.reader(principal).tenant().value();
            UUID collection = CollectionId.parse(collectionId, "collectionId").value();
            return projectors.named("entities").orElseThrow().applied()
                    .onBackpressureBuffer(10_000)
                    .concatMapIterable(batch -> changedEntities(batch, tenant))
                    .concatMap(entity -> queries.entity(tenant, entity))
                    .filter(view -> view.collectionId().equals(collection))
                    .map(view -> EntityNode.of(tenant, view));
        });
    }

    /** The tenant's entities a batch touched, each once, in the order first touched. */
    private static Set<UUID> changedEntities(List<RecordedEvent> batch, UUID tenant) {
        Set<UUID> entities = new LinkedHashSet<>();
        for (RecordedEvent event : batch) {
            if (event.tenantId().equals(tenant) && event.stream().category().equals("entity")) {
                String id = event.stream().value().substring(event.stream().value().lastIndexOf(':') + 1);
                entities.add(UUID.fromString(id));
            }
        }
        return entities;
    }
}

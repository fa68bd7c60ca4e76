package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.domain.collection.CollectionId;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.platform.graphql.ReadQueries.EntityNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Subscriptions fed by the projectors: a change is pushed once the read model holds it, wherever the projector runs
 * ({@link AppliedBatches}).
 *
 * <p>A subscriber only ever holds its own tenant's changes: the projector's batches are narrowed to the tenant
 * before anything waits for the subscriber. A subscriber that falls more than {@code decidr.limits.subscription-backlog}
 * changes behind is ended at once with {@code LIMIT_EXCEEDED} (it must re-read what it missed anyway), so a slow or
 * stuck client costs a bounded buffer and never slows the projector or other subscribers.
 */
@Controller
public class EntitySubscriptions {

    private final AppliedBatches applied;
    private final ReadModelQueries queries;
    private final int backlog;

    public EntitySubscriptions(AppliedBatches applied, ReadModelQueries queries,
            @Value("${decidr.limits.subscription-backlog:1000}") int backlog) {
        this.applied = applied;
        this.queries = queries;
        this.backlog = backlog;
    }

    @SubscriptionMapping
    public Flux<EntityNode> entityChanged(@Argument String collectionId, Requester requester) {
        return Flux.defer(() -> {
            UUID tenant = ReadQueries.reader(requester).tenant().value();
            UUID collection = CollectionId.parse(collectionId, "collectionId").value();
            Sinks.Empty<EntityNode> fellBehind = Sinks.empty();
            // the batches come from a hot best-effort sink: the tenant's entities are taken out at once, and only
            // they wait for the subscriber
            return applied.of("entities")
                    .concatMapIterable(batch -> changedEntities(batch, tenant))
                    .onBackpressureBuffer(backlog, overflow -> fellBehind.tryEmitError(new FellBehind(backlog)))
                    .concatMap(entity -> queries.entities().entity(tenant, entity))
                    .filter(view -> view.collectionId().equals(collection))
                    .map(view -> EntityNode.of(tenant, view))
                    // the buffer reports its overflow only once the subscriber has drained it, which a stuck one never
                    // does: end it from here, at once, and drop the backlog
                    .mergeWith(fellBehind.asMono());
        });
    }

    /** The subscriber fell too far behind its tenant's changes; it was ended and must re-read. */
    public static final class FellBehind extends RuntimeException {

        private final int backlog;

        FellBehind(int backlog) {
            super("the subscriber fell more than " + backlog + " changes behind and was ended; read the collection again"
                    + " and subscribe anew", null, false, false);
            this.backlog = backlog;
        }

        /** The most changes a subscriber may have waiting. */
        public int backlog() {
            return backlog;
        }
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

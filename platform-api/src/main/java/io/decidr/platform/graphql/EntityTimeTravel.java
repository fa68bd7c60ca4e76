package io.decidr.platform.graphql;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityState;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.audit.TimeTravel;
import io.decidr.platform.graphql.ReadModelGraph.LinkNode;
import io.decidr.platform.graphql.ReadModelGraph.ValueNode;
import io.decidr.platform.graphql.ReadQueries.EntityNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** {@code Entity.asOf}: the past, from the event log. */
@Controller
public class EntityTimeTravel {

    private final TimeTravel timeTravel;

    public EntityTimeTravel(TimeTravel timeTravel) {
        this.timeTravel = timeTravel;
    }

    public record EntityThen(long version, Instant recordedAt, boolean archived, List<ValueNode> values, List<LinkNode> links) {
    }

    @SchemaMapping(typeName = "Entity")
    public Mono<EntityThen> asOf(EntityNode entity, @Argument Integer version, @Argument Instant at) {
        return Mono.defer(() -> {
            if ((version == null) == (at == null)) {
                throw Rejection.validation("asOf", "give exactly one of version and at");
            }
            if (version != null && version < 1) {
                throw Rejection.validation("version", "versions start at 1");
            }
            return timeTravel.stateAt(Aggregates.ENTITY, entity.tenant(), entity.id(),
                            version == null ? null : version.longValue(), at)
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound("entity " + entity.id() + " did not exist then")))
                    .map(then -> of(entity.id(), then));
        });
    }

    private static EntityThen of(UUID id, TimeTravel.Then<EntityState> then) {
        EntityState state = then.state();
        List<ValueNode> values = state.values().entrySet().stream()
                .map(e -> ValueNode.of(e.getKey().value(), e.getValue())).toList();
        List<LinkNode> links = state.links().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(target -> new LinkNode(id, e.getKey().value(), target.value())))
                .toList();
        return new EntityThen(then.version(), then.recordedAt(), state.archived(), values, links);
    }
}

package io.decidr.platform.graphql;

import io.decidr.eventstore.handlers.Requester;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.handlers.EntityHandler;
import io.decidr.eventstore.handlers.Result;
import io.decidr.workflows.link.LinkClient;
import io.decidr.workflows.link.LinkResult;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Entity, value and link mutations; linking and unlinking run as sagas ({@link LinkClient}). */
@Controller
public class EntityMutations {

    private final EntityHandler entities;

    private final LinkClient links;

    private final ReadYourWrites readYourWrites;

    public EntityMutations(EntityHandler entities, LinkClient links, ReadYourWrites readYourWrites) {
        this.entities = entities;
        this.links = links;
        this.readYourWrites = readYourWrites;
    }

    @MutationMapping
    public Mono<Result> createEntity(@Argument String collectionId, @Argument List<Map<String, Object>> values,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> entities.create(requester,
                CollectionId.parse(collectionId, "collectionId"), Arguments.values(values), Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> setValue(@Argument String entityId, @Argument Map<String, Object> value,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> entities.setValue(requester, EntityId.parse(entityId, "entityId"),
                Arguments.value(value), Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> clearValue(@Argument String entityId, @Argument String attribute,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> entities.clearValue(requester, EntityId.parse(entityId, "entityId"),
                attribute, Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> archiveEntity(@Argument String entityId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> entities.archive(requester, EntityId.parse(entityId, "entityId"),
                Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> restoreEntity(@Argument String entityId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> entities.restore(requester, EntityId.parse(entityId, "entityId"),
                Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<LinkResult> linkEntities(@Argument String sourceId, @Argument String attribute,
            @Argument String targetId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> links.link(requester, EntityId.parse(sourceId, "sourceId"),
                attribute, EntityId.parse(targetId, "targetId"), Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.lastStream(), r.lastVersion(), null, r));
    }

    @MutationMapping
    public Mono<LinkResult> unlinkEntities(@Argument String sourceId, @Argument String attribute,
            @Argument String targetId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> links.unlink(requester, EntityId.parse(sourceId, "sourceId"),
                attribute, EntityId.parse(targetId, "targetId"), Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.lastStream(), r.lastVersion(), null, r));
    }
}

package io.decidr.platform.graphql;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.EntityId;
import io.decidr.workflows.link.LinkClient;
import io.decidr.workflows.link.LinkResult;
import java.util.List;
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
    public Mono<Result> createEntity(CollectionId collectionId, @Argument List<ValueArgument> values,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> entities.create(requester,
                collectionId, ValueArgument.inputs(values), Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> setValue(EntityId entityId, @Argument ValueArgument value,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> entities.setValue(requester, entityId,
                value.input(), Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> clearValue(EntityId entityId, @Argument String attribute,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> entities.clearValue(requester, entityId,
                attribute, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> archiveEntity(EntityId entityId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> entities.archive(requester, entityId,
                Arguments.commandId(commandId)));
    }

    /** Erases the entity's personal values for good (admins); the audit trail keeps that and by whom, when and why. */
    @MutationMapping
    public Mono<Result> eraseEntity(EntityId entityId, @Argument String reason, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> entities.erase(requester, entityId, reason,
                Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> restoreEntity(EntityId entityId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> entities.restore(requester, entityId,
                Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<LinkResult> linkEntities(EntityId sourceId, @Argument String attribute,
            EntityId targetId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> links.link(requester, sourceId,
                attribute, targetId, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<LinkResult> unlinkEntities(EntityId sourceId, @Argument String attribute,
            EntityId targetId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> links.unlink(requester, sourceId,
                attribute, targetId, Arguments.commandId(commandId)));
    }
}

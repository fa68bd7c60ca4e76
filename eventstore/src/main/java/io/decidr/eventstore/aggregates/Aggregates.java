package io.decidr.eventstore.aggregates;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.domain.collection.*;
import io.decidr.domain.comment.*;
import io.decidr.domain.entity.*;
import io.decidr.domain.job.*;
import io.decidr.domain.tenant.*;
import io.decidr.eventstore.codec.EventTypes;
import io.decidr.eventstore.codec.JsonEventCodec;
import io.decidr.eventstore.codec.JsonStateCodec;

/**
 * The platform's aggregates as the command bus runs them: stream categories, deciders, and the stable
 * names of every event type. A name here is forever: rename the class freely, never the name.
 */
public final class Aggregates {

    public static final ObjectMapper JSON = DomainJson.mapper();

    public static final AggregateType<TenantCommand, TenantState, TenantEvent> TENANT = new AggregateType<>(
            "tenant",
            TenantDecider.INSTANCE,
            new JsonEventCodec<>(JSON, new EventTypes<TenantEvent>()
                    .add("tenant.registered", TenantRegistered.class)
                    .add("tenant.renamed", TenantRenamed.class)
                    .add("tenant.suspended", TenantSuspended.class)
                    .add("tenant.reactivated", TenantReactivated.class)
                    .add("tenant.admin-granted", AdminGranted.class)
                    .add("tenant.personal-value-sharing-changed", PersonalValueSharingChanged.class)),
            new JsonStateCodec<>(JSON, TenantState.class, TenantState.SCHEMA_VERSION),
            command -> command.id().value(),
            command -> command instanceof RegisterTenant);

    public static final AggregateType<CollectionCommand, CollectionState, CollectionEvent> COLLECTION = new AggregateType<>(
            "collection",
            CollectionDecider.INSTANCE,
            new JsonEventCodec<>(JSON, new EventTypes<CollectionEvent>()
                    .add("collection.created", CollectionCreated.class)
                    .add("collection.renamed", CollectionRenamed.class)
                    .add("collection.attribute-defined", AttributeDefined.class)
                    .add("collection.attribute-renamed", AttributeRenamed.class)
                    .add("collection.attribute-removed", AttributeRemoved.class)
                    .add("collection.archived", CollectionArchived.class)),
            new JsonStateCodec<>(JSON, CollectionState.class, CollectionState.SCHEMA_VERSION),
            command -> command.id().value(),
            command -> command instanceof CreateCollection);

    public static final AggregateType<EntityCommand, EntityState, EntityEvent> ENTITY = new AggregateType<>(
            "entity",
            EntityDecider.INSTANCE,
            new JsonEventCodec<>(JSON, new EventTypes<EntityEvent>()
                    .add("entity.created", EntityCreated.class)
                    .add("entity.value-set", ValueSet.class)
                    .add("entity.value-cleared", ValueCleared.class)
                    .add("entity.archived", EntityArchived.class)
                    .add("entity.restored", EntityRestored.class)
                    .add("entity.linked", EntityLinked.class)
                    .add("entity.unlinked", EntityUnlinked.class)
                    .add("entity.backlink-added", BacklinkAdded.class)
                    .add("entity.backlink-removed", BacklinkRemoved.class)
                    .add("entity.erased", EntityErased.class),
                    PersonalParts::ofEntityEvent),
            new JsonStateCodec<>(JSON, EntityState.class, EntityState.SCHEMA_VERSION, PersonalParts::ofEntity),
            command -> command.id().value(),
            command -> command instanceof CreateEntity);

    public static final AggregateType<CommentCommand, CommentState, CommentEvent> COMMENT = new AggregateType<>(
            "comment",
            CommentDecider.INSTANCE,
            new JsonEventCodec<>(JSON, new EventTypes<CommentEvent>()
                    .add("comment.added", CommentAdded.class)
                    .add("comment.edited", CommentEdited.class)
                    .add("comment.deleted", CommentDeleted.class)
                    .add("comment.erased", CommentErased.class),
                    PersonalParts::ofCommentEvent),
            new JsonStateCodec<>(JSON, CommentState.class, CommentState.SCHEMA_VERSION, PersonalParts::ofComment),
            command -> command.id().value(),
            command -> command instanceof AddComment);

    public static final AggregateType<JobCommand, JobState, JobEvent> JOB = new AggregateType<>(
            "job",
            JobDecider.INSTANCE,
            new JsonEventCodec<>(JSON, new EventTypes<JobEvent>()
                    .add("job.requested", JobRequested.class)
                    .add("job.started", JobStarted.class)
                    .add("job.progressed", JobProgressed.class)
                    .add("job.completed", JobCompleted.class)
                    .add("job.failed", JobFailed.class)
                    .add("job.cancel-requested", JobCancelRequested.class)
                    .add("job.cancelled", JobCancelled.class)
                    .add("job.compensated", JobCompensated.class),
                    PersonalParts::ofJobEvent),
            new JsonStateCodec<>(JSON, JobState.class, JobState.SCHEMA_VERSION),
            command -> command.id().value(),
            command -> command instanceof RequestJob);

    private Aggregates() {
    }
}

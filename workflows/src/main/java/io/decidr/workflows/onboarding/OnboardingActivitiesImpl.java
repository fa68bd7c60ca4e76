package io.decidr.workflows.onboarding;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.Result;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import io.decidr.workflows.saga.StepIds;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** The steps, as commands through the handlers. Activities may block: they run on the worker's threads. */
public final class OnboardingActivitiesImpl implements OnboardingActivities {

    private static final Logger log = LoggerFactory.getLogger(OnboardingActivitiesImpl.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(8);

    private final TenantHandler tenants;
    private final CollectionHandler collections;

    public OnboardingActivitiesImpl(TenantHandler tenants, CollectionHandler collections) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.collections = Objects.requireNonNull(collections, "collections");
    }

    @Override
    public StepDone registerTenant(OnboardingRequest request) {
        Result registered = step(() -> tenants.register(request.admin(), request.name(),
                request.registerCommandId()));
        if (!registered.id().equals(request.tenantId())) {
            throw new IllegalStateException("registered tenant " + registered.id() + ", the request names " + request.tenantId());
        }
        return StepDone.of(registered);
    }

    @Override
    public CreatedCollection createCollection(OnboardingRequest request, String collection) {
        Result created = step(() -> collections.create(request.inTenant(), collection, createId(request, collection)));
        return new CreatedCollection(collection, created.id(), created.version());
    }

    @Override
    public int defineAttributes(OnboardingRequest request, String collection, Map<String, UUID> collectionIds) {
        CollectionId id = new CollectionId(collectionIds.get(collection));
        int defined = 0;
        for (AttributeSpec attribute : request.collection(collection).attributes()) {
            UUID commandId = StepIds.of(request.workflowId(), "define-attribute", collection, attribute.name());
            step(() -> collections.defineAttribute(request.inTenant(), id, attribute.name(), type(attribute, collectionIds),
                    attribute.required(), commandId));
            defined++;
        }
        return defined;
    }

    @Override
    public StepDone grantAdmin(OnboardingRequest request) {
        // the tenant is new: the grant always writes (a retry answers what it first wrote)
        return StepDone.of(step(() -> tenants.grantAdmin(request.admin(), request.tenant(),
                new UserId(request.adminUser()), StepIds.of(request.workflowId(), "grant-admin", request.adminUser()))));
    }

    @Override
    public StepDone archiveCollection(OnboardingRequest request, String collection) {
        // the id is derived from this saga's create command: a collection under it is this saga's
        CollectionId id = CollectionHandler.createdId(request.inTenant(), createId(request, collection));
        StreamId stream = Aggregates.COLLECTION.stream(request.tenantId(), id.value());
        return compensation(stream, "archive collection " + collection, () -> collections.archive(request.inTenant(), id,
                StepIds.of(request.workflowId(), "archive-collection", collection)));
    }

    @Override
    public StepDone suspendTenant(OnboardingRequest request, String reason) {
        StreamId stream = Aggregates.TENANT.stream(request.tenantId(), request.tenantId());
        return compensation(stream, "suspend tenant", () -> tenants.suspend(request.admin(),
                request.tenant(), reason, StepIds.of(request.workflowId(), "suspend-tenant")));
    }

    private static UUID createId(OnboardingRequest request, String collection) {
        return StepIds.of(request.workflowId(), "create-collection", collection);
    }

    private static AttributeType type(AttributeSpec attribute, Map<String, UUID> collectionIds) {
        return switch (attribute.kind()) {
            case TEXT -> TextType.withDefaultMaxLength();
            case NUMBER -> new NumberType();
            case BOOLEAN -> new BooleanType();
            case DATE -> new DateType();
            case LINK -> {
                UUID target = collectionIds.get(attribute.target());
                if (target == null) {
                    throw Rejection.validation("template", attribute.name() + " links to " + attribute.target()
                            + ", which the template does not create");
                }
                yield new LinkType(new CollectionId(target), attribute.backlinkName());
            }
        };
    }

    private static <T> T step(Supplier<Mono<T>> command) {
        try {
            return Objects.requireNonNull(command.get().block(STEP_TIMEOUT), "the step answered nothing");
        } catch (Rejection rejection) {
            throw Refusal.failure(rejection);
        }
    }

    /**
     * Runs a compensation's command. A refusal means there is nothing of this saga's to undo (never created or
     * registered, archived or suspended already), which is not a failure: the compensation is done.
     */
    private static StepDone compensation(StreamId stream, String what, Supplier<Mono<Result>> command) {
        try {
            return StepDone.of(Objects.requireNonNull(command.get().block(STEP_TIMEOUT), "the step answered nothing"));
        } catch (Rejection nothingToUndo) {
            log.info("{}: nothing to undo ({}: {})", what, nothingToUndo.code(), nothingToUndo.getMessage());
            return StepDone.nothing(stream.value());
        }
    }
}

package io.decidr.platform.graphql;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.workflows.archive.ArchiveClient;
import java.util.List;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Collection and attribute mutations; archiving a collection runs as a saga ({@link ArchiveClient}). */
@Controller
public class CollectionMutations {

    private final CollectionHandler collections;

    private final ArchiveClient archives;

    private final ReadYourWrites readYourWrites;

    public CollectionMutations(CollectionHandler collections, ArchiveClient archives, ReadYourWrites readYourWrites) {
        this.collections = collections;
        this.archives = archives;
        this.readYourWrites = readYourWrites;
    }

    /** The GraphQL {@code AttributeKind}. */
    public enum AttributeKind { TEXT, NUMBER, BOOLEAN, DATE, SELECT, LINK }

    /** The GraphQL {@code DefineAttributeInput}. */
    public record DefineAttributeInput(
            String collectionId, String name, AttributeKind type, Boolean required, List<String> options,
            Integer maxLength, String targetCollectionId, String backlinkName, Boolean personal, String commandId) {
    }

    /** The GraphQL {@code AttributeResult}. */
    public record AttributeResult(UUID collectionId, UUID attributeId, long version, boolean duplicate) {
        static AttributeResult of(CollectionHandler.AttributeResult r) {
            return new AttributeResult(r.result().id(), r.attributeId(), r.result().version(), r.result().duplicate());
        }
    }

    @MutationMapping
    public Mono<Result> createCollection(@Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> collections.create(requester, name, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> renameCollection(
            CollectionId collectionId, @Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> collections.rename(requester,
                collectionId, name, Arguments.commandId(commandId)));
    }

    /**
     * Runs as a saga ({@link ArchiveClient}): answers once it is started, or with {@code STRONG} once it has ended and
     * the read models show the archived collection.
     */
    @MutationMapping
    public Mono<Result> archiveCollection(CollectionId collectionId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> archives.archive(requester,
                collectionId, Arguments.commandId(commandId),
                consistency == ReadYourWrites.Consistency.STRONG));
    }

    @MutationMapping
    public Mono<Boolean> cancelArchiveCollection(CollectionId collectionId, Requester requester) {
        return Mono.defer(() -> archives.cancelArchive(requester,
                collectionId));
    }

    @MutationMapping
    public Mono<AttributeResult> defineAttribute(@Argument DefineAttributeInput input,
            @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> collections.defineAttribute(requester,
                        CollectionId.parse(input.collectionId(), "input.collectionId"), input.name(), type(input),
                        Boolean.TRUE.equals(input.required()), Boolean.TRUE.equals(input.personal()),
                        Arguments.commandId(input.commandId())))
                .map(AttributeResult::of);
    }

    @MutationMapping
    public Mono<AttributeResult> renameAttribute(CollectionId collectionId, @Argument String attribute,
            @Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> collections.renameAttribute(requester,
                        collectionId, attribute, name, Arguments.commandId(commandId)))
                .map(AttributeResult::of);
    }

    @MutationMapping
    public Mono<AttributeResult> removeAttribute(CollectionId collectionId, @Argument String attribute,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> collections.removeAttribute(requester,
                        collectionId, attribute, Arguments.commandId(commandId)))
                .map(AttributeResult::of);
    }

    /** The attribute type the input describes; options that belong to another type are refused, not ignored. */
    private static AttributeType type(DefineAttributeInput input) {
        refuseUnless(input.options() == null || input.type() == AttributeKind.SELECT, "input.options", "SELECT");
        refuseUnless(input.maxLength() == null || input.type() == AttributeKind.TEXT, "input.maxLength", "TEXT");
        refuseUnless((input.targetCollectionId() == null && input.backlinkName() == null)
                || input.type() == AttributeKind.LINK, "input.targetCollectionId", "LINK");
        return switch (input.type()) {
            case TEXT -> input.maxLength() == null ? TextType.withDefaultMaxLength() : new TextType(input.maxLength());
            case NUMBER -> new NumberType();
            case BOOLEAN -> new BooleanType();
            case DATE -> new DateType();
            case SELECT -> {
                if (input.options() == null) {
                    throw Rejection.validation("input.options", "a SELECT attribute needs options");
                }
                yield new SelectType(input.options());
            }
            case LINK -> {
                if (input.targetCollectionId() == null || input.backlinkName() == null) {
                    throw Rejection.validation("input.targetCollectionId",
                            "a LINK attribute needs targetCollectionId and backlinkName");
                }
                yield new LinkType(CollectionId.parse(input.targetCollectionId(), "input.targetCollectionId"),
                        input.backlinkName());
            }
        };
    }

    private static void refuseUnless(boolean fine, String field, String kind) {
        if (!fine) {
            throw Rejection.validation(field, field + " applies to " + kind + " attributes only");
        }
    }
}

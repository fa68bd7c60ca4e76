package io.decidr.eventstore.aggregates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.comment.CommentAdded;
import io.decidr.domain.comment.CommentEdited;
import io.decidr.domain.comment.CommentEvent;
import io.decidr.domain.comment.CommentState;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.ValueCleared;
import io.decidr.domain.entity.ValueSet;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobRequested;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Personal.Part;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the domain's personal data is: the values of personal attributes (their entity is the subject) and comment
 * bodies (their comment is), and an import's parameters, whose rows may hold such values (the job is the subject: its
 * key is erased when the import ends, as its uploaded file is deleted). An erased value stands in as
 * {@code {"kind":"erased"}}, an erased body as null, erased parameters as {@code {"erased":true}}.
 */
final class PersonalParts {

    private static final JsonNode ERASED_VALUE = JsonNodeFactory.instance.objectNode().put("kind", "erased");
    private static final JsonNode ERASED_TEXT = JsonNodeFactory.instance.nullNode();
    private static final JsonNode ERASED_PARAMETERS = JsonNodeFactory.instance.textNode("{\"erased\":true}");

    private PersonalParts() {
    }

    static Personal ofEntityEvent(EntityEvent event) {
        return switch (event) {
            case EntityCreated e -> e.personal().isEmpty() ? null : personalValues(e.id().value(), e.personal(), e.values());
            // an erased stand-in holds nothing to seal (and its subject has no key any more)
            case ValueSet e -> !e.personal() ? null : new Personal(e.id().value(), e.previous() instanceof ErasedValue
                    ? List.of(new Part("/value", ERASED_VALUE))
                    : List.of(new Part("/value", ERASED_VALUE), new Part("/previous", ERASED_VALUE)));
            case ValueCleared e -> e.personal() && !(e.previous() instanceof ErasedValue)
                    ? new Personal(e.id().value(), List.of(new Part("/previous", ERASED_VALUE)))
                    : null;
            default -> null;
        };
    }

    /** A state's personal values; none once erased (they are all stand-ins then). */
    static Personal ofEntity(EntityState state) {
        if (!state.exists() || state.erased() || state.personal().isEmpty()) {
            return null;
        }
        return personalValues(state.id().value(), state.personal(), state.values());
    }

    static Personal ofCommentEvent(CommentEvent event) {
        return switch (event) {
            case CommentAdded e -> e.body() == null ? null : body(e.id().value());
            case CommentEdited e -> e.body() == null ? null : body(e.id().value());
            default -> null;
        };
    }

    static Personal ofJobEvent(JobEvent event) {
        return event instanceof JobRequested requested && requested.kind() == JobKind.IMPORT
                ? new Personal(requested.id().value(), List.of(new Part("/parameters", ERASED_PARAMETERS)))
                : null;
    }

    static Personal ofComment(CommentState state) {
        return !state.exists() || state.body() == null ? null : body(state.id().value());
    }

    private static Personal body(UUID comment) {
        return new Personal(comment, List.of(new Part("/body", ERASED_TEXT)));
    }

    /** The personal attributes that have a value, in the order of their ids (the write path: a loop, no stream). */
    private static Personal personalValues(UUID subject, Collection<AttributeId> personal, Map<AttributeId, ?> values) {
        List<UUID> attributes = new ArrayList<>(personal.size());
        for (AttributeId attribute : personal) {
            if (values.containsKey(attribute)) {
                attributes.add(attribute.value());
            }
        }
        if (attributes.size() > 1) {
            attributes.sort(null);
        }
        List<Part> parts = new ArrayList<>(attributes.size());
        for (UUID attribute : attributes) {
            parts.add(new Part("/values/" + attribute, ERASED_VALUE));
        }
        return new Personal(subject, parts);
    }
}

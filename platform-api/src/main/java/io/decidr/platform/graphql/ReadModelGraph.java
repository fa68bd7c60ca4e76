package io.decidr.platform.graphql;

import io.decidr.cassandra.readmodel.Views.AttributeView;
import io.decidr.cassandra.readmodel.Views.HistoryView;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The GraphQL shapes of read-model views. */
final class ReadModelGraph {

    private ReadModelGraph() {
    }

    record AttributeNode(UUID id, String name, String type, boolean required, boolean personal, List<String> options,
            Integer maxLength, UUID targetCollectionId, String backlinkName) {

        static AttributeNode of(AttributeView view) {
            return switch (view.type()) {
                case TextType t -> new AttributeNode(view.id(), view.name(), "TEXT", view.required(), view.personal(), null, t.maxLength(), null, null);
                case NumberType n -> new AttributeNode(view.id(), view.name(), "NUMBER", view.required(), view.personal(), null, null, null, null);
                case BooleanType b -> new AttributeNode(view.id(), view.name(), "BOOLEAN", view.required(), view.personal(), null, null, null, null);
                case DateType d -> new AttributeNode(view.id(), view.name(), "DATE", view.required(), view.personal(), null, null, null, null);
                case SelectType s -> new AttributeNode(view.id(), view.name(), "SELECT", view.required(), view.personal(), s.options(), null, null, null);
                case LinkType l -> new AttributeNode(view.id(), view.name(), "LINK", view.required(), view.personal(), null, null,
                        l.target().value(), l.backlinkName());
            };
        }
    }

    record CollectionNode(UUID id, String name, boolean archived, long version, List<AttributeNode> attributes) {
    }

    /** A value; an erased one has {@code erased} set and no typed field. */
    record ValueNode(UUID attributeId, String text, BigDecimal number, Boolean bool, LocalDate date, String option,
            boolean erased) {

        static ValueNode of(UUID attribute, Value value) {
            if (value == null) {
                return null;
            }
            return switch (value) {
                case TextValue t -> new ValueNode(attribute, t.value(), null, null, null, null, false);
                case NumberValue n -> new ValueNode(attribute, null, n.value(), null, null, null, false);
                case BooleanValue b -> new ValueNode(attribute, null, null, b.value(), null, null, false);
                case DateValue d -> new ValueNode(attribute, null, null, null, d.value(), null, false);
                case SelectValue s -> new ValueNode(attribute, null, null, null, null, s.option(), false);
                case ErasedValue e -> new ValueNode(attribute, null, null, null, null, null, true);
            };
        }

        /** GraphQL names the field {@code boolean}, which no Java accessor can be called. */
        public Boolean getBoolean() {
            return bool;
        }
    }

    record LinkNode(UUID sourceId, UUID attributeId, UUID targetId) {
    }

    record PageInfo(boolean hasNextPage, String endCursor) {
    }

    record Edge<T>(String cursor, T node) {
    }

    record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {
    }

    record NodeList<T>(List<T> nodes, PageInfo pageInfo) {
    }

    record ChangeNode(long version, String type, String actor, Instant at, UUID attributeId, ValueNode value,
            ValueNode previous, String detail) {

        static ChangeNode of(HistoryView view) {
            return new ChangeNode(view.version(), view.type(), view.actor(), view.recordedAt(), view.attributeId(),
                    ValueNode.of(view.attributeId(), view.value()), ValueNode.of(view.attributeId(), view.previous()),
                    view.detail());
        }
    }

    record ProjectorNode(String name, boolean running, long eventsBehind, double secondsBehind, long parkedEvents) {
    }
}

package io.decidr.domain.entity;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Checks values against a collection's schema. Every rejection is {@code VALIDATION_FAILED} naming the field
 * {@code values.<attributeId>}.
 */
final class ValueRules {

    private ValueRules() {
    }

    /** A new entity's values: each must fit its attribute, and every required attribute needs one. */
    static void requireValidForCreate(CollectionSchema schema, Map<AttributeId, Value> values) {
        values.forEach((attribute, value) -> requireValid(schema, attribute, value));
        for (Attribute attribute : schema.attributes()) {
            boolean link = attribute.type() instanceof LinkType;
            if (attribute.required() && !link && !values.containsKey(attribute.id())) {
                throw Rejection.validation(field(attribute.id()), attribute.name() + " is required");
            }
        }
    }

    /** {@code value} must fit the type of a (non-link) attribute in {@code schema}. */
    static void requireValid(CollectionSchema schema, AttributeId attributeId, Value value) {
        Attribute attribute = schema.attribute(attributeId).orElseThrow(() -> Rejection.validation(
                field(attributeId), "collection " + schema.id() + " has no attribute " + attributeId));
        String problem = problem(attribute, value);
        if (problem != null) {
            throw Rejection.validation(field(attributeId), attribute.name() + ": " + problem);
        }
    }

    /** Only values of optional attributes can be cleared (and of attributes the schema no longer has). */
    static void requireClearable(CollectionSchema schema, AttributeId attributeId) {
        schema.attribute(attributeId).filter(Attribute::required).ifPresent(attribute -> {
            throw Rejection.validation(field(attributeId), attribute.name() + " is required");
        });
    }

    /** What is wrong with {@code value} for {@code attribute}, or null when it fits. */
    private static String problem(Attribute attribute, Value value) {
        if (value instanceof ErasedValue) {
            return "an erased value cannot be written";
        }
        return switch (attribute.type()) {
            case TextType t -> value instanceof TextValue(String text) ? textProblem(t, text) : "expected text";
            case NumberType n ->
                    value instanceof NumberValue(BigDecimal number) ? numberProblem(number) : "expected a number";
            case BooleanType b -> value instanceof BooleanValue ? null : "expected true or false";
            case DateType d -> value instanceof DateValue ? null : "expected a date";
            case SelectType s -> value instanceof SelectValue(String option) && s.options().contains(option)
                    ? null
                    : "expected one of " + s.options();
            case LinkType l -> "a link attribute takes no value; link entities to it instead";
        };
    }

    private static String textProblem(TextType type, String text) {
        return text.length() <= type.maxLength() ? null : "text is longer than " + type.maxLength() + " characters";
    }

    private static String numberProblem(BigDecimal number) {
        return NumberType.holds(number) ? null : NumberType.limits();
    }

    private static String field(AttributeId attributeId) {
        return "values." + attributeId;
    }
}

package io.decidr.application.handlers;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.Value;
import io.decidr.domain.entity.ValueKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Places client values in the collection's schema: the attribute must exist (by id or name), be named once, and take
 * the kind of value given. Every failure is VALIDATION_FAILED naming the field as {@code values.<attribute>}.
 */
final class ValueConversion {

    private ValueConversion() {
    }

    static Map<AttributeId, Value> convertAll(CollectionSchema schema, List<ValueInput> inputs) {
        Map<AttributeId, Value> values = new LinkedHashMap<>();
        for (ValueInput input : inputs) {
            Attribute attribute = attribute(schema, input.attribute());
            if (values.put(attribute.id(), convert(attribute, input)) != null) {
                throw Rejection.validation(field(input.attribute()), "the attribute " + input.attribute() + " is given twice");
            }
        }
        return values;
    }

    static Attribute attribute(CollectionSchema schema, String reference) {
        return schema.attributeByReference(reference).orElseThrow(() -> Rejection.validation(
                field(reference), "the collection has no attribute " + reference));
    }

    static Value convert(Attribute attribute, ValueInput input) {
        return ValueKind.require(attribute, input.value(), field(input.attribute()));
    }

    private static String field(String reference) {
        return "values." + Objects.requireNonNullElse(reference, "?");
    }
}

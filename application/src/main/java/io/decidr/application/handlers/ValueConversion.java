package io.decidr.application.handlers;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns client values into domain values using the collection's schema: the attribute must exist, and
 * exactly one typed field must be set, the one matching the attribute's type. Every failure is
 * VALIDATION_FAILED naming the field as {@code values.<attribute>}.
 */
public final class ValueConversion {

    private ValueConversion() {
    }

    public static Map<AttributeId, Value> convertAll(CollectionSchema schema, List<ValueInput> inputs) {
        Map<AttributeId, Value> values = new LinkedHashMap<>();
        for (ValueInput input : inputs) {
            Attribute attribute = attribute(schema, input.attribute());
            if (values.put(attribute.id(), convert(attribute, input)) != null) {
                throw Rejection.validation(field(input.attribute()), "the attribute " + input.attribute() + " is given twice");
            }
        }
        return values;
    }

    public static Attribute attribute(CollectionSchema schema, String reference) {
        return AttributeReference.find(schema, reference).orElseThrow(() -> Rejection.validation(
                field(reference), "the collection has no attribute " + reference));
    }

    public static Value convert(Attribute attribute, ValueInput input) {
        List<String> given = new ArrayList<>();
        if (input.text() != null) given.add("text");
        if (input.number() != null) given.add("number");
        if (input.bool() != null) given.add("boolean");
        if (input.date() != null) given.add("date");
        if (input.option() != null) given.add("option");
        String expected = expectedField(attribute.type());
        String field = field(input.attribute());
        if (expected == null) {
            throw Rejection.validation(field, attribute.name() + " is a LINK attribute: use linkEntities");
        }
        if (given.size() != 1 || !given.getFirst().equals(expected)) {
            throw Rejection.validation(field, attribute.name() + " takes exactly one `" + expected + "` value, got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)));
        }
        return switch (attribute.type()) {
            case TextType t -> new TextValue(input.text());
            case NumberType n -> new NumberValue(input.number());
            case BooleanType b -> new BooleanValue(input.bool());
            case DateType d -> new DateValue(input.date());
            case SelectType s -> new SelectValue(input.option());
            case LinkType l -> throw new IllegalStateException("unreachable: links have no value field");
        };
    }

    private static String expectedField(AttributeType type) {
        return switch (type) {
            case TextType t -> "text";
            case NumberType n -> "number";
            case BooleanType b -> "boolean";
            case DateType d -> "date";
            case SelectType s -> "option";
            case LinkType l -> null;
        };
    }

    private static String field(String reference) {
        return "values." + Objects.requireNonNullElse(reference, "?");
    }
}

package io.decidr.domain.entity;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;

/**
 * The kinds of value a client gives (text, number, boolean, date, option), and which one an attribute takes. Both the
 * write side (a value to set) and the read side (a value to filter by) check a client's value this way before anything
 * else; its limits (lengths, options) are the entity decider's.
 */
public final class ValueKind {

    private ValueKind() {
    }

    /** The kind of the value: {@code text}, {@code number}, {@code boolean}, {@code date} or {@code option}. */
    public static String of(Value value) {
        return switch (value) {
            case TextValue t -> "text";
            case NumberValue n -> "number";
            case BooleanValue b -> "boolean";
            case DateValue d -> "date";
            case SelectValue s -> "option";
            case ErasedValue e -> "erased";
        };
    }

    /** The kind of value an attribute of the type takes; null for a link, which takes none. */
    public static String takenBy(AttributeType type) {
        return switch (type) {
            case TextType t -> "text";
            case NumberType n -> "number";
            case BooleanType b -> "boolean";
            case DateType d -> "date";
            case SelectType s -> "option";
            case LinkType l -> null;
        };
    }

    /** The value, if it is of the kind the attribute takes; else VALIDATION_FAILED naming {@code field}. */
    public static Value require(Attribute attribute, Value value, String field) {
        String expected = takenBy(attribute.type());
        if (expected == null) {
            throw Rejection.validation(field, attribute.name() + " is a LINK attribute: use linkEntities");
        }
        if (!expected.equals(of(value))) {
            throw Rejection.validation(field, attribute.name() + " takes a `" + expected + "` value, got " + of(value));
        }
        return value;
    }
}

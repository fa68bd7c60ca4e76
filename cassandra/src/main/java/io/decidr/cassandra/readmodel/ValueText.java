package io.decidr.cassandra.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.eventstore.aggregates.Aggregates;

/** Values as read models store them: as the domain's JSON, and as a normalized text for equality filters. */
public final class ValueText {

    private ValueText() {
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Aggregates.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    static Value value(String json) {
        try {
            return json == null ? null : Aggregates.JSON.readValue(json, Value.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is not readable: " + json, e);
        }
    }

    /**
     * The text an equality filter compares: numbers without trailing zeros (12.50 equals 12.5); null for an erased
     * value, which no filter finds.
     */
    public static String filterText(Value value) {
        return switch (value) {
            case TextValue t -> t.value();
            case NumberValue n -> n.value().signum() == 0 ? "0" : n.value().stripTrailingZeros().toPlainString();
            case BooleanValue b -> Boolean.toString(b.value());
            case DateValue d -> d.value().toString();
            case SelectValue s -> s.option();
            case ErasedValue e -> null;
        };
    }
}

package io.decidr.platform.graphql;

import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.identity.Uuids;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads GraphQL arguments into what the handlers take; malformed input is VALIDATION_FAILED naming the field. */
final class Arguments {

    private Arguments() {
    }

    /** The client's command id, or a new one when the client sent none. */
    static UUID commandId(String commandId) {
        return commandId == null ? UUID.randomUUID() : Uuids.parse(commandId, "commandId");
    }

    static UUID id(String text, String field) {
        return Uuids.parse(text, field);
    }

    /** A {@code ValueInput} as GraphQL delivered it (scalars already coerced). */
    static ValueInput value(Map<String, Object> input) {
        return new ValueInput(
                (String) input.get("attribute"),
                (String) input.get("text"),
                (BigDecimal) input.get("number"),
                (Boolean) input.get("boolean"),
                (LocalDate) input.get("date"),
                (String) input.get("option"));
    }

    static List<ValueInput> values(List<Map<String, Object>> inputs) {
        return inputs == null ? List.of() : inputs.stream().map(Arguments::value).toList();
    }
}

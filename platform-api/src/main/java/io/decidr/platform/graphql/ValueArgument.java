package io.decidr.platform.graphql;

import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import java.beans.ConstructorProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The GraphQL {@code ValueInput} (a value to set, or to filter by), bound by Spring for GraphQL: the attribute and
 * exactly one typed field. Which field the attribute takes is checked where its schema is known
 * ({@link io.decidr.domain.entity.ValueKind}).
 *
 * @param bool the GraphQL field {@code boolean} (a Java keyword: the constructor's properties map it)
 */
public record ValueArgument(String attribute, String text, BigDecimal number, Boolean bool, LocalDate date,
        String option) {

    @ConstructorProperties({"attribute", "text", "number", "boolean", "date", "option"})
    public ValueArgument {
    }

    /** The one value given, typed; VALIDATION_FAILED naming {@code values.<attribute>} when none or several are. */
    public Value value() {
        List<Map.Entry<String, Value>> given = Stream.of(
                        text == null ? null : Map.<String, Value>entry("text", new TextValue(text)),
                        number == null ? null : Map.<String, Value>entry("number", new NumberValue(number)),
                        bool == null ? null : Map.<String, Value>entry("boolean", new BooleanValue(bool)),
                        date == null ? null : Map.<String, Value>entry("date", new DateValue(date)),
                        option == null ? null : Map.<String, Value>entry("option", new SelectValue(option)))
                .filter(Objects::nonNull)
                .toList();
        if (given.size() != 1) {
            throw Rejection.validation("values." + Objects.requireNonNullElse(attribute, "?"),
                    "give exactly one of text, number, boolean, date or option, got " + (given.isEmpty() ? "none"
                            : String.join(", ", given.stream().map(Map.Entry::getKey).toList())));
        }
        return given.getFirst().getValue();
    }

    public ValueInput input() {
        return new ValueInput(attribute, value());
    }

    static List<ValueInput> inputs(List<ValueArgument> arguments) {
        return arguments == null ? List.of() : arguments.stream().map(ValueArgument::input).toList();
    }
}

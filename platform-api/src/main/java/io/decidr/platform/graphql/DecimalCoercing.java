package io.decidr.platform.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import io.decidr.domain.collection.NumberType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code Decimal} scalar: a string such as {@code "12.50"}, or a number. Every input is checked against what a
 * number attribute can hold ({@link NumberType#holds}) before anything turns it into text: {@code 1e400000} is a
 * tiny {@link BigDecimal} whose plain text has 400,001 characters, and printing it costs seconds of CPU on an event
 * loop. graphql-java reports a refusal as a validation error naming the argument or variable, which becomes
 * {@code VALIDATION_FAILED} with that {@code field}.
 */
final class DecimalCoercing implements Coercing<BigDecimal, String> {

    /** Longer than any number an attribute holds in any notation (38 digits, sign, point, exponent). */
    private static final int MAX_TEXT = 64;

    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        throw new CoercingSerializeException("not a Decimal");
    }

    @Override
    public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
        return switch (input) {
            case String text -> fromText(text, CoercingParseValueException::new);
            case BigDecimal number -> checked(number, CoercingParseValueException::new);
            case BigInteger number -> fromInteger(number, CoercingParseValueException::new);
            case Integer number -> BigDecimal.valueOf(number);
            case Long number -> BigDecimal.valueOf(number);
            case Double number when Double.isFinite(number) ->
                    checked(BigDecimal.valueOf(number), CoercingParseValueException::new);
            default -> throw new CoercingParseValueException("expected a decimal number such as \"12.50\"");
        };
    }

    @Override
    public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        return switch (input) {
            case StringValue text -> fromText(text.getValue(), CoercingParseLiteralException::new);
            case IntValue number -> fromInteger(number.getValue(), CoercingParseLiteralException::new);
            case FloatValue number -> checked(number.getValue(), CoercingParseLiteralException::new);
            default -> throw new CoercingParseLiteralException("expected a decimal number such as \"12.50\"");
        };
    }

    /** A number literal of the JSON scalar, held to the same limits. */
    static Object jsonNumber(BigDecimal number) {
        return checked(number, CoercingParseLiteralException::new);
    }

    private static BigDecimal fromText(String text, Function<String, RuntimeException> refusal) {
        String stripped = text.strip();
        if (stripped.length() > MAX_TEXT) {
            throw refusal.apply("a decimal number is at most " + MAX_TEXT + " characters long; " + NumberType.limits());
        }
        try {
            return checked(new BigDecimal(stripped), refusal);
        } catch (NumberFormatException notANumber) {
            throw refusal.apply("expected a decimal number such as \"12.50\", got \"" + stripped + "\"");
        }
    }

    private static BigDecimal fromInteger(BigInteger number, Function<String, RuntimeException> refusal) {
        if (number.bitLength() > 127) {
            throw refusal.apply(NumberType.limits());
        }
        return checked(new BigDecimal(number), refusal);
    }

    private static BigDecimal checked(BigDecimal number, Function<String, RuntimeException> refusal) {
        if (!NumberType.holds(number)) {
            throw refusal.apply(NumberType.limits());
        }
        return number;
    }
}

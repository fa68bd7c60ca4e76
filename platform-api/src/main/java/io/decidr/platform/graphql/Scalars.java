package io.decidr.platform.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The custom scalars of the schema: Decimal ({@link DecimalCoercing}), Date, DateTime and JSON. */
@Configuration(proxyBeanMethods = false)
public class Scalars {

    @Bean
    RuntimeWiringConfigurer scalarWiring(ObjectMapper mapper) {
        return wiring -> wiring
                .scalar(GraphQLScalarType.newScalar().name("Decimal")
                        .description("a decimal number such as \"12.50\"").coercing(new DecimalCoercing()).build())
                .scalar(textScalar("Date", "a date as yyyy-mm-dd", LocalDate::parse, LocalDate.class, LocalDate::toString))
                .scalar(textScalar("DateTime", "an ISO-8601 instant", Instant::parse, Instant.class, Instant::toString))
                .scalar(GraphQLScalarType.newScalar().name("JSON").description("any JSON value")
                        .coercing(new JsonCoercing(mapper)).build());
    }

    /** A scalar written as a string. */
    private static <T> GraphQLScalarType textScalar(
            String name, String expected, Function<String, T> parse, Class<T> type, Function<T, String> print) {
        Function<String, T> checked = text -> {
            try {
                return parse.apply(text.strip());
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new CoercingParseValueException("expected " + expected + ", got \""
                        + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"");
            }
        };
        return GraphQLScalarType.newScalar().name(name).description(expected).coercing(new Coercing<T, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                if (type.isInstance(value)) {
                    return print.apply(type.cast(value));
                }
                throw new CoercingSerializeException("not a " + name + ": " + value);
            }

            @Override
            public T parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof String text) {
                    return checked.apply(text);
                }
                throw new CoercingParseValueException("expected " + expected);
            }

            @Override
            public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue text) {
                    return checked.apply(text.getValue());
                }
                throw new CoercingParseLiteralException("expected " + expected);
            }
        }).build();
    }

    /** JSON passes through as parsed maps, lists and scalars (output only in this schema). */
    private record JsonCoercing(ObjectMapper mapper) implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return switch (input) {
                case StringValue s -> s.getValue();
                case BooleanValue b -> b.isValue();
                case IntValue i -> DecimalCoercing.jsonNumber(new BigDecimal(i.getValue()));
                case FloatValue f -> DecimalCoercing.jsonNumber(f.getValue());
                case NullValue n -> null;
                default -> throw new CoercingParseLiteralException("JSON literals are strings, numbers or booleans here");
            };
        }
    }
}

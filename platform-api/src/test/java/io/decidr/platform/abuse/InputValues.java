package io.decidr.platform.abuse;

import com.fasterxml.jackson.databind.util.RawValue;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Values for a GraphQL input type, valid-looking or hostile, drawn from a seeded {@link Random}. Which hostile
 * values apply follows from the type alone: a string where an Int goes, 2^31 for an Int, 1e400000 for a Decimal.
 */
final class InputValues {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

    /** Texts that trip up encoders, databases and renderers (sent as they are; JSON carries surrogates escaped). */
    static final Map<String, String> UNICODE_EDGES = edges();

    private final Random random;
    private final Vocabulary vocabulary;

    InputValues(Random random, Vocabulary vocabulary) {
        this.random = random;
        this.vocabulary = vocabulary;
    }

    private static Map<String, String> edges() {
        Map<String, String> edges = new LinkedHashMap<>();
        edges.put("NUL", "a\u0000b");
        edges.put("lone high surrogate", "x\uD800y");
        edges.put("lone low surrogate", "\uDC00");
        edges.put("emoji", "\uD83D\uDE00\uD83D\uDC69\u200D\uD83D\uDCBB");
        edges.put("right-to-left override", "\u202Egnp.exe");
        edges.put("byte order mark", "\uFEFFname");
        edges.put("noncharacters", "\uFFFF\uFFFE");
        edges.put("10k combining marks", "e" + "\u0301".repeat(10_000));
        edges.put("zero-width", "\u200B\u200C\u200D");
        edges.put("control characters", "\u0001\u0007\u001B[31m\r\n\t");
        edges.put("sql", "' OR 1=1; DROP TABLE events; --");
        edges.put("cql", "x'); TRUNCATE entities; --");
        edges.put("path", "../../../../etc/passwd");
        edges.put("markup", "<script>alert(1)</script>");
        edges.put("blank", "   ");
        edges.put("empty", "");
        return edges;
    }

    // ---------------------------------------------------------------------------------------------- valid-looking

    /** A value of the type, from the fixture's vocabulary when the name is known (never when {@code invented}). */
    Object valid(String name, GraphQLInputType type, boolean invented) {
        if (type instanceof GraphQLNonNull nonNull) {
            return valid(name, (GraphQLInputType) nonNull.getWrappedType(), invented);
        }
        if (type instanceof GraphQLList list) {
            List<Object> items = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                items.add(valid(name, (GraphQLInputType) list.getWrappedType(), invented));
            }
            return items;
        }
        if (type instanceof GraphQLEnumType enumType) {
            return new EnumLiteral(pick(enumType.getValues()).getName());
        }
        if (type instanceof GraphQLInputObjectType object) {
            return validObject(object, invented);
        }
        return validScalar(name, ((GraphQLScalarType) type).getName(), invented);
    }

    /**
     * Every required field, and some optional ones. An object with an {@code attribute} field sets exactly one
     * value field and names the fixture attribute of that value's type, as ValueInput asks.
     */
    Map<String, Object> validObject(GraphQLInputObjectType object, boolean invented) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<GraphQLInputObjectField> optional = new ArrayList<>();
        for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
            if (GraphQLTypeUtil.isNonNull(field.getType()) && !field.hasSetDefaultValue()) {
                fields.put(field.getName(), valid(field.getName(), field.getType(), invented));
            } else {
                optional.add(field);
            }
        }
        List<GraphQLInputObjectField> valueFields = optional.stream()
                .filter(field -> vocabulary.attributeForValueField().containsKey(field.getName())).toList();
        if (object.getField("attribute") != null && !valueFields.isEmpty()) {
            GraphQLInputObjectField chosen = pick(valueFields);
            fields.put(chosen.getName(), valid(chosen.getName(), chosen.getType(), invented));
            if (!invented) {
                fields.put("attribute", vocabulary.attributeForValueField().get(chosen.getName()));
            }
            return fields;
        }
        for (GraphQLInputObjectField field : optional) {
            if (random.nextBoolean()) {
                fields.put(field.getName(), valid(field.getName(), field.getType(), invented));
            }
        }
        return fields;
    }

    private Object validScalar(String name, String scalar, boolean invented) {
        List<Object> known = invented ? List.of() : vocabulary.forName(name);
        if (!known.isEmpty() && random.nextInt(5) != 0) {
            return pick(known);
        }
        return switch (scalar) {
            case "Int" -> pick(List.of(0, 1, 3, 20));
            case "Float" -> 1.5;
            case "Boolean" -> random.nextBoolean();
            case "ID" -> uuid();
            case "Decimal" -> pick(List.of("12.50", "-3", "0.001"));
            case "Date" -> "2024-02-29";
            case "DateTime" -> "2030-01-01T00:00:00Z";
            case "JSON" -> Map.of("key", "value", "n", 1);
            default -> "abuse " + text(8);
        };
    }

    // ---------------------------------------------------------------------------------------------- hostile

    /** Values of another type than {@code type} asks for, by a name for reports. */
    Map<String, Object> wrongTyped(GraphQLInputType type) {
        Map<String, Object> wrong = new LinkedHashMap<>();
        if (type instanceof GraphQLNonNull) {
            wrong.put("null for non-null", null);
        }
        GraphQLInputType inner = (GraphQLInputType) GraphQLTypeUtil.unwrapNonNull(type);
        GraphQLNamedType named = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type);
        if (!(named instanceof GraphQLInputObjectType)) {
            wrong.put("object", Map.of("bogus", 1));
        }
        if (inner instanceof GraphQLList) {
            wrong.put("list nested too deep", List.of(List.of(List.of(1))));
        } else {
            wrong.put("list", List.of(1, 2));
        }
        switch (named) {
            case GraphQLEnumType enumType -> {
                wrong.put("string for enum", enumType.getValues().getFirst().getName());
                wrong.put("unknown enum value", new EnumLiteral("NO_SUCH_VALUE"));
            }
            case GraphQLInputObjectType object -> {
                wrong.put("string for input object", "text");
                Map<String, Object> unknownField = new LinkedHashMap<>(validObject(object, true));
                unknownField.put("bogus", 1);
                wrong.put("unknown input field", unknownField);
                wrong.put("empty input object", Map.of());
            }
            case GraphQLScalarType scalar -> {
                switch (scalar.getName()) {
                    case "Int" -> {
                        wrong.put("string for Int", "12");
                        wrong.put("float for Int", new RawValue("1.5"));
                    }
                    case "Float" -> wrong.put("string for Float", "1.5");
                    case "Boolean" -> {
                        wrong.put("string for Boolean", "true");
                        wrong.put("int for Boolean", 1);
                    }
                    case "String" -> {
                        wrong.put("int for String", 12);
                        wrong.put("boolean for String", true);
                    }
                    case "ID" -> {
                        wrong.put("boolean for ID", true);
                        wrong.put("float for ID", new RawValue("1.5"));
                        wrong.put("not a UUID", "not-a-uuid");
                    }
                    case "Decimal" -> {
                        wrong.put("boolean for Decimal", true);
                        wrong.put("word for Decimal", "twelve");
                    }
                    case "Date" -> {
                        wrong.put("int for Date", 20240101);
                        wrong.put("impossible date", "2024-02-30");
                    }
                    case "DateTime" -> {
                        wrong.put("date for DateTime", "2024-01-01");
                        wrong.put("int for DateTime", 5);
                    }
                    default -> wrong.put("enum literal for " + scalar.getName(), new EnumLiteral("NOT_A_VALUE"));
                }
            }
            default -> throw new IllegalStateException("not an input type: " + named);
        }
        return wrong;
    }

    /** Extreme numbers for a numeric scalar as GraphQL literals; empty for other types. */
    static Map<String, Object> extremeLiterals(String scalar) {
        Map<String, Object> values = new LinkedHashMap<>();
        switch (scalar) {
            case "Int" -> {
                values.put("2^31", new RawValue("2147483648"));
                values.put("-2^31-1", new RawValue("-2147483649"));
                values.put("20 digits", new RawValue("99999999999999999999"));
                values.put("Int max", Integer.MAX_VALUE);
                values.put("Int min", Integer.MIN_VALUE);
                values.put("-1", -1);
                values.put("exponent for Int", new RawValue("1e3"));
            }
            case "Float", "Decimal" -> {
                values.put("1e400000", new RawValue("1e400000"));
                values.put("-1e400000", new RawValue("-1e400000"));
                values.put("1e-400000", new RawValue("1e-400000"));
                values.put("1e2147483647", new RawValue("1e2147483647"));
                values.put("-1e-2147483647", new RawValue("-1e-2147483647"));
                values.put("exponent overflow 1e-2147483648", new RawValue("1e-2147483648"));
                values.put("0.(10k zeros)1", new RawValue("0." + "0".repeat(10_000) + "1"));
                values.put("40 digits", new RawValue("1234567890123456789012345678901234567890.5"));
                values.put("NaN text", "NaN");
                values.put("Infinity text", "-Infinity");
                values.put("NaN bare", new EnumLiteral("NaN"));
                values.put("1e400000 text", "1e400000");
            }
            default -> {
            }
        }
        return values;
    }

    /** Extreme numbers for a numeric scalar as JSON variable values; empty for other types. */
    static Map<String, Object> extremeVariables(String scalar) {
        Map<String, Object> values = new LinkedHashMap<>();
        switch (scalar) {
            case "Int" -> {
                values.put("2^31", new RawValue("2147483648"));
                values.put("1e400000", new RawValue("1e400000"));
                values.put("1.5", new RawValue("1.5"));
                values.put("5000 digits", new RawValue("9".repeat(5_000)));
            }
            case "Float", "Decimal" -> {
                values.put("1e400000", new RawValue("1e400000"));
                values.put("-1e400000", new RawValue("-1e400000"));
                values.put("1e-2147483647", new RawValue("1e-2147483647"));
                values.put("5000 digits", new RawValue("9".repeat(5_000)));
                values.put("1e2147483647 text", "1e2147483647");
                values.put("-1e-2147483647 text", "-1e-2147483647");
                values.put("0.(500k zeros)1 text", "0." + "0".repeat(500_000) + "1");
                values.put("NaN text", "NaN");
            }
            default -> {
            }
        }
        return values;
    }

    /** A list nested {@code depth} levels deep, written verbatim (valid JSON and GraphQL alike). */
    static RawValue nestedList(int depth) {
        return new RawValue("[".repeat(depth) + "1" + "]".repeat(depth));
    }

    String text(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}

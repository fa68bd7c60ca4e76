package io.decidr.platform.abuse;

import com.fasterxml.jackson.databind.util.RawValue;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes generated values and selections as GraphQL text. Values are Java objects: strings, numbers, booleans,
 * {@link EnumLiteral}s, maps (input objects), lists, null, and Jackson's {@link RawValue} for text written verbatim
 * (e.g. {@code 1e400000}, which no Java number holds).
 */
final class GraphQlText {

    private GraphQlText() {
    }

    static String literal(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> quoted(text);
            case EnumLiteral e -> e.name();
            case RawValue raw -> String.valueOf(raw.rawValue());
            case Map<?, ?> map -> {
                StringJoiner fields = new StringJoiner(", ", "{", "}");
                map.forEach((name, field) -> fields.add(name + ": " + literal(field)));
                yield fields.toString();
            }
            case List<?> list -> {
                StringJoiner items = new StringJoiner(", ", "[", "]");
                list.forEach(item -> items.add(literal(item)));
                yield items.toString();
            }
            default -> value.toString();
        };
    }

    /** A GraphQL string: quotes, backslashes, control and surrogate characters escaped as the grammar asks. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The type as written in a variable definition, e.g. {@code [ValueInput!]}. */
    static String typeRef(GraphQLInputType type) {
        return GraphQLTypeUtil.simplePrint(type);
    }

    /**
     * A selection of the type's fields: every leaf without required arguments and, up to {@code depth} levels,
     * the same of object fields; empty for leaf types (a scalar or enum result has no selection).
     */
    static String selection(GraphQLOutputType type, int depth) {
        GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
        if (!(named instanceof GraphQLFieldsContainer container)) {
            return "";
        }
        StringJoiner fields = new StringJoiner(" ", " { ", " }");
        fields.setEmptyValue(" { __typename }");
        for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
            boolean needsArguments = field.getArguments().stream().anyMatch(a -> GraphQLTypeUtil.isNonNull(a.getType())
                    && !a.hasSetDefaultValue());
            if (needsArguments) {
                continue;
            }
            boolean leaf = GraphQLTypeUtil.isLeaf(GraphQLTypeUtil.unwrapAll(field.getType()));
            if (leaf) {
                fields.add(field.getName());
            } else if (depth > 0) {
                fields.add(field.getName() + selection(field.getType(), depth - 1));
            }
        }
        return fields.toString();
    }

    /** The smallest selection: {@code __typename} for an object, nothing for a leaf. */
    static String minimalSelection(GraphQLOutputType type) {
        return GraphQLTypeUtil.isLeaf(GraphQLTypeUtil.unwrapAll(type)) ? "" : " { __typename }";
    }
}

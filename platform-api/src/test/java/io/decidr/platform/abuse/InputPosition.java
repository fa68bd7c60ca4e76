package io.decidr.platform.abuse;

import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A place a value goes in a field's arguments: an argument ({@code [id]}) or a field of an input object argument
 * ({@code [input, collectionId]}), with the type it takes there.
 *
 * @param path argument name, then input field names
 */
record InputPosition(List<String> path, GraphQLInputType type) {

    /** The argument itself and, below input-object arguments, every input field (a few levels at most). */
    static List<InputPosition> of(String argument, GraphQLInputType type) {
        List<InputPosition> positions = new ArrayList<>();
        collect(List.of(argument), type, positions, 3);
        return positions;
    }

    private static void collect(List<String> path, GraphQLInputType type, List<InputPosition> into, int levels) {
        into.add(new InputPosition(path, type));
        if (levels > 0 && GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLInputObjectType object) {
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                List<String> below = new ArrayList<>(path);
                below.add(field.getName());
                collect(List.copyOf(below), field.getType(), into, levels - 1);
            }
        }
    }

    String name() {
        return String.join(".", path);
    }

    String leaf() {
        return path.getLast();
    }

    GraphQLNamedType named() {
        return (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type);
    }

    boolean isList() {
        return GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type));
    }

    /** Scalars written as strings: where huge and odd texts go. */
    boolean takesText() {
        return List.of("String", "ID", "Decimal", "Date", "DateTime").contains(named().getName());
    }

    boolean takesNumber() {
        return List.of("Int", "Float", "Decimal").contains(named().getName());
    }
}

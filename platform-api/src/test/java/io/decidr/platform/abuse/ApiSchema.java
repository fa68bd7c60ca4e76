package io.decidr.platform.abuse;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The API as the server declares it: every {@code .graphqls} file under {@code graphql/} on the classpath, the
 * files the application serves. Read at test time, so a new field is abused without anyone listing it.
 */
final class ApiSchema {

    private ApiSchema() {
    }

    static GraphQLSchema load() {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath*:graphql/**/*.graphqls")) {
                try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
                    registry.merge(parser.parse(reader));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
    }

    /**
     * What a request can aim at: every field of Query, Mutation and Subscription, and every field with
     * arguments of a root field's result type (e.g. {@code Query.entity > Entity.comments(first)}).
     */
    static List<Target> targets(GraphQLSchema schema) {
        List<Target> targets = new ArrayList<>();
        for (GraphQLObjectType root : roots(schema)) {
            String operation = root == schema.getQueryType() ? "query"
                    : root == schema.getMutationType() ? "mutation" : "subscription";
            for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                targets.add(new Target(operation, root, field, null));
                if (GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLFieldsContainer result
                        && !GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType()))) {
                    result.getFieldDefinitions().stream()
                            .filter(nested -> !nested.getArguments().isEmpty())
                            .forEach(nested -> targets.add(new Target(operation, root, field, nested)));
                }
            }
        }
        return targets;
    }

    static List<GraphQLObjectType> roots(GraphQLSchema schema) {
        List<GraphQLObjectType> roots = new ArrayList<>();
        roots.add(schema.getQueryType());
        if (schema.getMutationType() != null) {
            roots.add(schema.getMutationType());
        }
        if (schema.getSubscriptionType() != null) {
            roots.add(schema.getSubscriptionType());
        }
        return roots;
    }

    /**
     * A field a request aims at: a root field, or a field of a root field's result.
     *
     * @param operation {@code query}, {@code mutation} or {@code subscription}
     * @param nested    the field of the root field's result, or null to aim at the root field itself
     */
    record Target(String operation, GraphQLObjectType rootType, GraphQLFieldDefinition root, GraphQLFieldDefinition nested) {

        /** The field whose arguments are abused. */
        GraphQLFieldDefinition abused() {
            return nested == null ? root : nested;
        }

        String coordinate() {
            String rootCoordinate = rootType.getName() + "." + root.getName();
            return nested == null ? rootCoordinate
                    : rootCoordinate + " > " + GraphQLTypeUtil.unwrapAll(root.getType()).getName() + "." + nested.getName();
        }

        /**
         * Whether the root field undoes or ends things (archive, suspend, delete, remove, cancel): its valid-looking
         * calls use made-up ids, so the run does not wipe the data the other calls need to reach storage.
         */
        boolean destructive() {
            return root.getName().matches("(archive|suspend|delete|remove|cancel).*");
        }
    }
}

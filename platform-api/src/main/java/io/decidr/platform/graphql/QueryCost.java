package io.decidr.platform.graphql;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import io.decidr.domain.decider.RejectionCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one operation may ask for, checked before any data fetcher runs: how deep it nests, how many aliases it uses,
 * how many fields it expands to, and what it costs. A refusal is {@code VALIDATION_FAILED} with {@code field:
 * "query"} and the figures in {@code extensions}.
 *
 * <p>The cost scales with what a request makes the platform read: each object field costs its weight
 * ({@link FieldCosts}; scalars come with their row and cost nothing) plus, for a list, its requested size
 * ({@code first}, or an estimate for unpaged lists) times the cost of what is selected inside it. {@code entities(first: 200) { edges { node { history(first: 200) { ... }}}}}
 * thus costs about 200 × 200, where counting fields would have said a handful.
 *
 * <p>Introspection ({@code __schema}, {@code __type}) is exempt: the limits exist for data, and the standard
 * introspection query of GraphiQL and code generators nests 15 levels. graphql-java's good-faith introspection check
 * bounds it instead (each introspection field once, at most 500 fields and 20 levels).
 */
public final class QueryCost extends SimplePerformantInstrumentation {

    /** The limits; {@code maxFields} bounds the normalized operation before its cost is even computed. */
    public record Limits(int maxDepth, long maxCost, int maxAliases, int maxFields) {
    }

    private final Limits limits;

    public QueryCost(Limits limits) {
        this.limits = limits;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        ExecutableNormalizedOperation operation;
        try {
            operation = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperation(
                    context.getGraphQLSchema(), context.getOperationDefinition(), context.getFragmentsByName(),
                    context.getCoercedVariables(), ExecutableNormalizedOperationFactory.Options.defaultOptions()
                            .maxFieldsCount(limits.maxFields())
                            .locale(context.getLocale())
                            .graphQLContext(context.getGraphQLContext()));
        } catch (AbortExecutionException tooManyFields) {
            throw refusal("the operation expands to more than " + limits.maxFields() + " fields", Map.of(
                    "maxFields", limits.maxFields()));
        }
        int depth = 0;
        int aliases = 0;
        long cost = 0;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            if (introspection(field)) {
                continue;
            }
            depth = Math.max(depth, depth(field));
            aliases += aliases(field);
            cost = saturatedAdd(cost, cost(field));
        }
        if (depth > limits.maxDepth()) {
            throw refusal("the operation nests " + depth + " levels deep; at most " + limits.maxDepth() + " are allowed",
                    Map.of("depth", depth, "maxDepth", limits.maxDepth()));
        }
        if (aliases > limits.maxAliases()) {
            throw refusal("the operation uses " + aliases + " aliases; at most " + limits.maxAliases() + " are allowed",
                    Map.of("aliases", aliases, "maxAliases", limits.maxAliases()));
        }
        if (cost > limits.maxCost()) {
            throw refusal("the operation costs " + cost + "; at most " + limits.maxCost() + " is allowed (each field costs"
                    + " its weight plus, for a list, its size times what it selects: ask for smaller pages or fewer"
                    + " nested lists)", Map.of("cost", cost, "maxCost", limits.maxCost()));
        }
        return SimpleInstrumentationContext.noOp();
    }

    private static boolean introspection(ExecutableNormalizedField field) {
        return field.getFieldName().startsWith("__");
    }

    private static int depth(ExecutableNormalizedField field) {
        int deepest = field.getLevel();
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!introspection(child)) {
                deepest = Math.max(deepest, depth(child));
            }
        }
        return deepest;
    }

    private static int aliases(ExecutableNormalizedField field) {
        int count = field.getAlias() == null ? 0 : 1;
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!introspection(child)) {
                count += aliases(child);
            }
        }
        return count;
    }

    private static long cost(ExecutableNormalizedField field) {
        String coordinates = field.getObjectTypeNames().iterator().next() + "." + field.getFieldName();
        long inside = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!introspection(child)) {
                inside = saturatedAdd(inside, cost(child));
            }
        }
        return saturatedAdd(FieldCosts.weight(coordinates, field.getChildren().isEmpty()),
                saturatedMultiply(FieldCosts.size(coordinates, field.getResolvedArguments()), inside));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** A refusal of the document: {@code VALIDATION_FAILED}, {@code field: "query"} and the figures. */
    static AbortExecutionException refusal(String message, Map<String, Object> figures) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", RejectionCode.VALIDATION_FAILED.name());
        extensions.put("field", "query");
        extensions.putAll(figures);
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(ErrorType.ValidationError)
                .extensions(extensions)
                .build();
        return new AbortExecutionException(List.of(error));
    }
}

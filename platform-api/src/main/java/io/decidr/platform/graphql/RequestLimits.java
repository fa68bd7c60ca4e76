package io.decidr.platform.graphql;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.Instrumentation;
import io.decidr.domain.decider.RejectionCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Limits on what one request may ask (document size here; depth, aliases and cost in {@link QueryCost}), and a stable
 * {@code extensions.code} on errors raised before any data fetcher runs: a document that does not parse or
 * validate, or variables of the wrong type (e.g. an unknown enum value), are {@code VALIDATION_FAILED}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimits {

    /** How graphql-java names the input at fault: "argument 'input.type'", "Variable 'v'", "field 'x'". */
    private static final Pattern NAMED_INPUT = Pattern.compile("(?:argument|[Vv]ariable|field) '([^']+)'");

    @Bean
    Instrumentation queryCost(@Value("${decidr.graphql.max-depth:12}") int maxDepth,
            @Value("${decidr.graphql.max-cost:10000}") long maxCost,
            @Value("${decidr.graphql.max-aliases:30}") int maxAliases,
            @Value("${decidr.graphql.max-fields:2000}") int maxFields) {
        return new QueryCost(new QueryCost.Limits(maxDepth, maxCost, maxAliases, maxFields));
    }

    @Bean
    WebGraphQlInterceptor documentLimitsAndErrorCodes(
            @Value("${decidr.graphql.max-document-chars:20000}") int maxDocumentChars) {
        return (request, chain) -> {
            if (request.getDocument().length() > maxDocumentChars) {
                return Mono.just(rejectDocument(request, maxDocumentChars));
            }
            return chain.next(request).map(RequestLimits::withCodes);
        };
    }

    private static WebGraphQlResponse rejectDocument(WebGraphQlRequest request, int maxDocumentChars) {
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message("the document has " + request.getDocument().length() + " characters; at most "
                        + maxDocumentChars + " are accepted")
                .errorType(ErrorType.BAD_REQUEST)
                .extensions(Map.of("code", RejectionCode.VALIDATION_FAILED.name(), "field", "query"))
                .build();
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                request.toExecutionInput(), ExecutionResult.newExecutionResult().addError(error).build()));
    }

    /** Adds a code to errors that have none (those raised by graphql-java itself while parsing and validating). */
    private static WebGraphQlResponse withCodes(WebGraphQlResponse response) {
        if (response.getErrors().isEmpty()
                || response.getErrors().stream().allMatch(e -> e.getExtensions().containsKey("code"))) {
            return response;
        }
        return response.transform(builder -> builder.errors(coded(response.getErrors())));
    }

    private static List<GraphQLError> coded(List<ResponseError> errors) {
        List<GraphQLError> result = new ArrayList<>(errors.size());
        for (ResponseError error : errors) {
            Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions());
            extensions.putIfAbsent("code", codeFor(error.getErrorType()));
            if (!extensions.containsKey("field")) {
                Matcher named = NAMED_INPUT.matcher(String.valueOf(error.getMessage()));
                if (named.find()) {
                    extensions.put("field", named.group(1));
                }
            }
            GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                    .message(error.getMessage())
                    .errorType(error.getErrorType())
                    .extensions(extensions);
            if (!error.getParsedPath().isEmpty()) {
                builder.path(error.getParsedPath());
            }
            builder.locations(error.getLocations());
            result.add(builder.build());
        }
        return result;
    }

    private static String codeFor(ErrorClassification classification) {
        String name = classification.toString();
        return switch (name) {
            // ExecutionAborted: a limit refused the document before it ran; BadFaithIntrospection: graphql-java's
            // good-faith check refused an introspection query that repeats its costly fields or nests too deep
            case "ValidationError", "InvalidSyntax", "BAD_REQUEST", "OperationNotSupported", "ExecutionAborted",
                 "BadFaithIntrospection" ->
                    RejectionCode.VALIDATION_FAILED.name();
            case "UNAUTHORIZED" -> ErrorCodes.UNAUTHENTICATED;
            case "FORBIDDEN" -> RejectionCode.FORBIDDEN.name();
            case "NOT_FOUND" -> RejectionCode.NOT_FOUND.name();
            default -> ErrorCodes.INTERNAL;
        };
    }
}

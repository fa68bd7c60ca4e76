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
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Limits on what one request may ask (document size here; fragments in {@link FragmentLimits}; depth, aliases and cost
 * in {@link QueryCost}), and a stable {@code extensions.code} on errors raised before any data fetcher runs: a document
 * that does not parse or validate, or variables of the wrong type (e.g. an unknown enum value), are
 * {@code VALIDATION_FAILED}.
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

    /** Arguments with the NUL character are refused by name (events are stored as jsonb, which cannot hold it). */
    @Bean
    Instrumentation nulCharacters() {
        return new NulCharacters();
    }

    /** Checked before graphql-java validates a document: validating and normalizing fragments is super-linear. */
    @Bean
    Instrumentation fragmentLimits(@Value("${decidr.graphql.max-fragments:100}") int maxFragments,
            @Value("${decidr.graphql.max-fragment-depth:12}") int maxFragmentDepth,
            @Value("${decidr.graphql.max-inlined-selections:10000}") int maxInlinedSelections) {
        return new FragmentLimits(new FragmentLimits.Limits(maxFragments, maxFragmentDepth, maxInlinedSelections));
    }

    @Bean
    WebGraphQlInterceptor documentLimitsAndErrorCodes(
            @Value("${decidr.graphql.max-document-chars:20000}") int maxDocumentChars) {
        return (request, chain) -> {
            if (request.getDocument().length() > maxDocumentChars) {
                return Mono.just(rejectDocument(request, maxDocumentChars));
            }
            return chain.next(request).map(response -> !(request instanceof WebSocketGraphQlRequest)
                    && response.getExecutionResult().getData() instanceof org.reactivestreams.Publisher<?>
                    ? subscriptionOverHttp(request) : withCodes(response));
        };
    }

    /** A subscription sent as a plain HTTP request would answer its stream object as data; it is never run. */
    private static WebGraphQlResponse subscriptionOverHttp(WebGraphQlRequest request) {
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message("subscriptions are served over graphql-ws (a WebSocket on this path), not over a plain request")
                .errorType(ErrorType.BAD_REQUEST)
                .extensions(Map.of("code", RejectionCode.VALIDATION_FAILED.name(), "field", "query"))
                .build();
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                request.toExecutionInput(), ExecutionResult.newExecutionResult().addError(error).build()));
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
                    .message(readable(error.getMessage()))
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

    /** graphql-java prints the offending literal as its Java object ({@code BooleanValue{value=true}}). */
    private static final Pattern AST_VALUE = Pattern.compile(" with value '.*?' is not a valid", Pattern.DOTALL);
    private static final Pattern AST_TYPE = Pattern.compile("'(Int|Float|String|Boolean|Null|Enum|Array|Object)Value'|'VariableReference'");

    /** The message without Java class names: the literal's printout goes, AST type names become words. */
    static String readable(String message) {
        if (message == null) {
            return null;
        }
        String withoutLiteral = withoutAstLiterals(AST_VALUE.matcher(message).replaceAll(" is not a valid"));
        return AST_TYPE.matcher(withoutLiteral).replaceAll(match -> switch (match.group()) {
            case "'IntValue'" -> "an integer";
            case "'FloatValue'" -> "a number";
            case "'StringValue'" -> "a string";
            case "'BooleanValue'" -> "a boolean";
            case "'NullValue'" -> "null";
            case "'EnumValue'" -> "an enum value";
            case "'ArrayValue'" -> "a list";
            case "'ObjectValue'" -> "an object";
            default -> "a variable";
        }).replace("Expected an AST type of", "expected").replace("but it was a an", "but got an")
                .replace("but it was a a", "but got a").replace("but it was a null", "but got null");
    }

    private static final Pattern AST_LITERAL = Pattern.compile("'[A-Z][A-Za-z]*(?:Value|Field)\\{");
    private static final Pattern ENUM_LITERAL = Pattern.compile("'EnumValue\\{name='([^']*)'}'");

    /**
     * Every literal graphql-java prints as a Java object ({@code 'ObjectValue{objectFields=[...]}'}) becomes "the value
     * given", and an enum literal its name; braces are matched, so nested printouts go whole.
     */
    private static String withoutAstLiterals(String message) {
        String text = ENUM_LITERAL.matcher(message).replaceAll("'$1'");
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher literal = AST_LITERAL.matcher(text);
        while (literal.find(from)) {
            int depth = 0;
            int end = literal.end() - 1;
            for (; end < text.length(); end++) {
                char c = text.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            if (end >= text.length()) {
                break;
            }
            // the closing quote after the printout, when it is there
            int after = end + 1 < text.length() && text.charAt(end + 1) == '\'' ? end + 2 : end + 1;
            out.append(text, from, literal.start()).append("the value given");
            from = after;
        }
        out.append(text.substring(from));
        return out.toString().replace(" with value the value given", "");
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

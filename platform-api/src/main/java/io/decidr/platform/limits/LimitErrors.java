package io.decidr.platform.limits;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.decidr.platform.graphql.ErrorCodes;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Flux;

/** The errors a caller over a limit gets: {@code RATE_LIMITED} (with when to retry) or {@code LIMIT_EXCEEDED}. */
public final class LimitErrors {

    private LimitErrors() {
    }

    /** Over the tenant's rate: {@code extensions.retryAfterSeconds} says when one more operation is allowed. */
    public static GraphQLError rateLimited(Admission.Throttled throttled) {
        long seconds = throttled.retryAfterSeconds();
        return GraphQLError.newError()
                .errorType(ErrorCodes.Classification.TOO_MANY_REQUESTS)
                .message("too many requests for this tenant; retry in " + seconds + " s")
                .extensions(Map.of("code", ErrorCodes.RATE_LIMITED, "retryAfterSeconds", seconds))
                .build();
    }

    /** At a cap: {@code extensions.limit} names it (as its setting does) and {@code max} says how high it is. */
    public static GraphQLError limitExceeded(String limit, int max, String message) {
        return GraphQLError.newError()
                .errorType(ErrorCodes.Classification.TOO_MANY_REQUESTS)
                .message(message)
                .extensions(Map.of("code", ErrorCodes.LIMIT_EXCEEDED, "limit", limit, "max", max))
                .build();
    }

    /**
     * The answer to a graphql-ws operation refused with {@code error} before it runs: graphql-ws's {@code error}
     * message for the operation, whatever its type (a client then sees a query answered with the error, and a
     * subscription ended with it, rather than an empty stream that completes).
     */
    static WebGraphQlResponse socketRefusal(WebGraphQlRequest request, GraphQLError error) {
        Flux<ExecutionResult> refused = Flux.error(new SubscriptionPublisherException(List.of(error), null));
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                request.toExecutionInput(), ExecutionResult.newExecutionResult().data(refused).build()));
    }
}

package io.decidr.platform.limits;

import org.reactivestreams.Publisher;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * graphql-ws operations within the limits; the connection stays open either way:
 * <ul>
 *   <li>each {@code subscribe} message takes from the tenant's rate ({@link TenantRateLimiter}); over it, the
 *       operation is answered {@code RATE_LIMITED} with {@code retryAfterSeconds} and does not run;</li>
 *   <li>at most {@code decidr.limits.subscriptions-per-connection} subscriptions live per connection; the next one is
 *       answered {@code LIMIT_EXCEEDED} and never starts, the others keep running.</li>
 * </ul>
 * Refusals come as graphql-ws's {@code error} message for the operation.
 */
@Component
public class SocketOperationLimits implements WebGraphQlInterceptor {

    private final TenantRateLimiter limiter;
    private final int subscriptionsPerConnection;

    public SocketOperationLimits(TenantRateLimiter limiter, LimitProperties limits) {
        this.limiter = limiter;
        this.subscriptionsPerConnection = limits.subscriptionsPerConnection();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest socketRequest)) {
            return chain.next(request);
        }
        GraphQlSocket socket = GraphQlSocket.of(socketRequest.getSessionInfo()).orElse(null);
        if (socket == null || socket.tenant() == null) {
            // not admitted: graphql-ws refuses operations before connection_init succeeded
            return chain.next(request);
        }
        if (limiter.admit(socket.tenant()) instanceof Admission.Throttled throttled) {
            return Mono.just(LimitErrors.socketRefusal(request, LimitErrors.rateLimited(throttled)));
        }
        return chain.next(request).map(response -> counted(socket, request, response));
    }

    /** A subscription counts against the connection from its answer until it ends; queries and mutations do not. */
    private WebGraphQlResponse counted(GraphQlSocket socket, WebGraphQlRequest request, WebGraphQlResponse response) {
        if (!(response.getData() instanceof Publisher<?> events)) {
            return response;
        }
        if (!socket.startSubscription(subscriptionsPerConnection)) {
            // nothing subscribed to the events yet, so nothing ran
            return LimitErrors.socketRefusal(request, LimitErrors.limitExceeded("subscriptions-per-connection",
                    subscriptionsPerConnection, "this connection has " + subscriptionsPerConnection
                            + " subscriptions already; complete one first or open another connection"));
        }
        return response.transform(result -> result.data(Flux.from(events).doFinally(signal -> socket.endSubscription())));
    }
}

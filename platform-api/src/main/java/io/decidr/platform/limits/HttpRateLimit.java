package io.decidr.platform.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.platform.web.GraphQlHttpGate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * GraphQL over HTTP, and uploads, within the tenant's rate ({@link TenantRateLimiter}). Over it the answer is {@code 429} with
 * {@code Retry-After} and a GraphQL-shaped body: {@code {"errors":[{"message":..., "extensions":{"code":
 * "RATE_LIMITED","retryAfterSeconds":N}}]}}. Runs after security: only authenticated callers reach it (the others
 * got 401), and the WebSocket handshake passes (its operations are counted one by one, {@link SocketOperationLimits}).
 */
@Component
public class HttpRateLimit implements WebFilter, Ordered {

    /** After Spring Security's filter chain (-100), so the caller is known. */
    private static final int ORDER = 0;

    private final TenantRateLimiter limiter;
    private final ObjectMapper json;
    private final String path;

    public HttpRateLimit(TenantRateLimiter limiter, ObjectMapper json, GraphQlProperties graphql) {
        this.limiter = limiter;
        this.json = json;
        this.path = graphql.getHttp().getPath();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!graphQlOverHttp(exchange)) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .flatMap(principal -> Mono.justOrEmpty(TenantRateLimiter.tenantOf(principal)))
                .map(limiter::admit)
                .defaultIfEmpty(Admission.ADMITTED)
                .flatMap(admission -> switch (admission) {
                    case Admission.Admitted admitted -> chain.filter(exchange);
                    case Admission.Throttled throttled -> refuse(exchange.getResponse(), throttled);
                });
    }

    /** GraphQL over HTTP, and uploads (each counts as one operation). */
    private boolean graphQlOverHttp(ServerWebExchange exchange) {
        String requested = exchange.getRequest().getPath().pathWithinApplication().value();
        if (requested.equals(GraphQlHttpGate.UPLOADS) || requested.startsWith(GraphQlHttpGate.UPLOADS + "/")) {
            return true;
        }
        return requested.equals(path) && !"websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
    }

    private Mono<Void> refuse(ServerHttpResponse response, Admission.Throttled throttled) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("errors", List.of(LimitErrors.rateLimited(throttled).toSpecification())));
        } catch (JsonProcessingException impossible) {
            // a map of strings and numbers always serializes
            return Mono.error(impossible);
        }
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}

package io.decidr.platform.security;

import io.decidr.platform.limits.WebSocketConnections;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * graphql-ws authentication: the {@code connection_init} payload carries {@code Authorization: Bearer <token>};
 * a missing or invalid token closes the connection. Every operation on the connection then runs as that caller.
 * The connection is admitted by {@link WebSocketConnections}: within the tenant's connection cap, and closed (4403)
 * when the token expires, since the token is checked here only.
 */
@Component
public class WebSocketAuthentication implements WebSocketGraphQlInterceptor {

    private static final String CALLER = WebSocketAuthentication.class.getName() + ".caller";

    private final ReactiveJwtDecoder tokens;
    private final WebSocketConnections connections;

    public WebSocketAuthentication(ReactiveJwtDecoder tokens, WebSocketConnections connections) {
        this.tokens = tokens;
        this.connections = connections;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object header = payload.getOrDefault("Authorization", payload.get("authorization"));
        if (!(header instanceof String bearer) || !bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(new IllegalArgumentException("connection_init needs {\"Authorization\": \"Bearer <token>\"}"));
        }
        return tokens.decode(bearer.substring(7).strip())
                .flatMap(token -> connections.admit(session, token).then(SecurityConfiguration.authentication(token)))
                .doOnNext(caller -> session.getAttributes().put(CALLER, caller))
                .then(Mono.empty());
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
        if (request instanceof WebSocketGraphQlRequest socket
                && socket.getSessionInfo().getAttributes().get(CALLER) instanceof Authentication caller) {
            return chain.next(request).contextWrite(ReactiveSecurityContextHolder.withAuthentication(caller));
        }
        return chain.next(request);
    }
}

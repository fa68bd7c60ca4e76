package io.decidr.platform.limits;

import io.decidr.platform.security.Callers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * Admits graphql-ws connections at {@code connection_init}, once the token is verified:
 * <ul>
 *   <li>at most {@code decidr.limits.websocket-connections-per-tenant} open per tenant (per replica); the next one is
 *       closed with {@link #TOO_MANY_CONNECTIONS} (4429) and counted for nothing;</li>
 *   <li>a connection lives no longer than its token: it is closed with {@link #TOKEN_EXPIRED} (4403) when the
 *       token's {@code exp} passes (exactly then, without the clock skew a token check allows);</li>
 *   <li>whatever ends a connection gives its place back.</li>
 * </ul>
 */
@Component
public class WebSocketConnections {

    /** graphql-ws's "too many" close code; the reason names the cap. */
    public static final int TOO_MANY_CONNECTIONS = 4429;
    /** graphql-ws's Forbidden close code: the token the connection was opened with has expired. */
    public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4403, "Forbidden: the token expired");

    private static final Logger log = LoggerFactory.getLogger(WebSocketConnections.class);

    private final LimitProperties limits;
    /** Open connections by tenant; a tenant with none has no entry. */
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    public WebSocketConnections(LimitProperties limits) {
        this.limits = limits;
    }

    /** Admits the connection for the verified {@code token}, or closes it (4429) and fails. */
    public Mono<Void> admit(WebSocketSessionInfo session, Jwt token) {
        return Mono.defer(() -> {
            GraphQlSocket socket = GraphQlSocket.of(session)
                    .orElseThrow(() -> new IllegalStateException("graphql-ws is not served by GraphQlSocketHandler"));
            String claim = token.getClaimAsString(Callers.TENANT_CLAIM);
            // a token without a tenant gets no further than FORBIDDEN, but is still counted (under no tenant)
            String tenant = claim == null ? "" : claim;
            int max = limits.websocketConnections(tenant);
            if (!take(tenant, max)) {
                CloseStatus refused = new CloseStatus(TOO_MANY_CONNECTIONS,
                        "Too many connections: at most " + max + " per tenant");
                return socket.close(refused).then(Mono.error(new IllegalStateException(refused.getReason())));
            }
            socket.admittedFor(tenant);
            Disposable expiry = closeWhenExpired(socket, token.getExpiresAt());
            socket.whenEnded(() -> {
                expiry.dispose();
                release(tenant);
            });
            return Mono.empty();
        });
    }

    /** Open connections of {@code tenant} in this process. */
    public int open(String tenant) {
        return open.getOrDefault(tenant, 0);
    }

    private boolean take(String tenant, int max) {
        boolean[] taken = {false};
        open.compute(tenant, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    private void release(String tenant) {
        open.computeIfPresent(tenant, (key, count) -> count <= 1 ? null : count - 1);
    }

    private static Disposable closeWhenExpired(GraphQlSocket socket, Instant expiresAt) {
        if (expiresAt == null) {
            return Disposables.disposed();
        }
        Duration left = Duration.between(Instant.now(), expiresAt);
        return Mono.delay(left.isNegative() ? Duration.ZERO : left)
                .then(Mono.defer(() -> socket.close(TOKEN_EXPIRED)))
                .subscribe(null, error -> log.debug("closing a connection whose token expired failed", error));
    }
}

package io.decidr.platform.limits;

import java.time.Duration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * Spring for GraphQL's graphql-ws handler, with a {@link GraphQlSocket} per connection: interceptors can then close
 * the connection with a code of their own (4429, 4403) and count what it holds, and what was counted is undone when
 * the connection ends, however it ends.
 */
public class GraphQlSocketHandler extends GraphQlWebSocketHandler {

    public GraphQlSocketHandler(WebGraphQlHandler graphQlHandler, CodecConfigurer codecs, Duration connectionInitTimeout,
            Duration keepAlive) {
        super(graphQlHandler, codecs, connectionInitTimeout, keepAlive);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        GraphQlSocket socket = GraphQlSocket.attachTo(session);
        return super.handle(session).doFinally(signal -> socket.ended());
    }
}

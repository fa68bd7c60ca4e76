package io.decidr.platform.limits;

import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * Serves graphql-ws with {@link GraphQlSocketHandler}, in place of Spring Boot's plain handler (same settings), and
 * upgrades handshakes on their connection's event loop.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlSocketConfiguration {

    @Bean
    GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler graphQlHandler, GraphQlProperties properties,
            ServerCodecConfigurer codecs) {
        return new GraphQlSocketHandler(graphQlHandler, codecs, properties.getWebsocket().getConnectionInitTimeout(),
                properties.getWebsocket().getKeepAlive());
    }

    /** WebSocket handshakes upgrade on their connection's event loop ({@link EventLoopUpgrade}). */
    @Bean
    WebFluxConfigurer upgradeOnEventLoop() {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new HandshakeWebSocketService(new EventLoopUpgrade());
            }
        };
    }
}

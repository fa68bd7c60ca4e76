package io.decidr.platform.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The api role ({@link ApiRoleProperties}): when it is off, every request to the server port is answered 404
 * {@code ROLE_DISABLED} before anything else runs (no token is read, no GraphQL parsed), while the management port
 * keeps answering probes and scrapes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiRoleProperties.class)
public class ApiRole {

    @Bean
    ApiRoleFilter apiRoleFilter(ApiRoleProperties role) {
        return new ApiRoleFilter(role.enabled());
    }

    /** Knows the server port once it listens, and refuses its requests while the role is off. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static final class ApiRoleFilter implements WebFilter, ApplicationListener<ReactiveWebServerInitializedEvent> {

        private static final byte[] BODY = ("{\"errors\":[{\"message\":\"this process does not serve the API"
                + " (decidr.roles.api.enabled=false)\",\"extensions\":{\"code\":\"ROLE_DISABLED\"}}]}")
                .getBytes(StandardCharsets.UTF_8);

        private final boolean enabled;
        /** The API's port; -1 until the server listens. */
        private volatile int serverPort = -1;

        ApiRoleFilter(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
            // the management server's context has the namespace "management"; the API's has none
            if (!Objects.equals(event.getApplicationContext().getServerNamespace(), "management")) {
                serverPort = event.getWebServer().getPort();
            }
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            var local = exchange.getRequest().getLocalAddress();
            if (enabled || local == null || local.getPort() != serverPort) {
                return chain.filter(exchange);
            }
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
            return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(BODY)));
        }
    }
}

package io.decidr.platform.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth2 resource server: every GraphQL request carries a JWT. The tenant comes only from the token's
 * {@code tenant_id} claim and the roles from its {@code roles} claim.
 *
 * <p>Tokens are checked against the issuer named by the standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties, or, when {@code decidr.security.hmac-secret}
 * is set (always in the dev profile), against that shared secret with HS256.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        // the dev token endpoint only exists in the dev profile; elsewhere this path is a 404
                        .pathMatchers("/graphiql", "/graphiql/**", "/dev/token", "/actuator/health/**").permitAll()
                        // graphql-ws: browsers cannot send headers on the handshake; the token comes in
                        // connection_init instead and is checked there (WebSocketAuthentication)
                        .matchers(SecurityConfiguration::webSocketHandshake).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(new TokenRoles())))
                .build();
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> webSocketHandshake(ServerWebExchange exchange) {
        boolean upgrade = "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())
                && exchange.getRequest().getPath().value().equals("/graphql");
        return upgrade ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /** Turns a verified token into the authentication the API works with (roles from the {@code roles} claim). */
    public static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
        return new TokenRoles().convert(jwt);
    }

    @Bean
    @ConditionalOnProperty("decidr.security.hmac-secret")
    ReactiveJwtDecoder hmacJwtDecoder(org.springframework.core.env.Environment environment) {
        return NimbusReactiveJwtDecoder.withSecretKey(hmacKey(environment.getRequiredProperty("decidr.security.hmac-secret")))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    /** The HS256 key for a configured secret: base64 when it decodes as such, else its UTF-8 bytes. */
    public static SecretKey hmacKey(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException notBase64) {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("decidr.security.hmac-secret must hold at least 256 bits");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}

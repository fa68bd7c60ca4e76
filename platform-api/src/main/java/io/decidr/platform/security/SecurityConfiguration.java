package io.decidr.platform.security;

import io.decidr.platform.web.HttpErrors;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth2 resource server: every GraphQL request carries a JWT. The tenant comes only from the token's
 * {@code tenant_id} claim and the roles from its {@code roles} claim.
 *
 * <p>Tokens are checked against the issuer named by the standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties (which also check {@code audiences} when set), or,
 * when {@code decidr.security.hmac-secret} is set (always in the dev profile), against that shared secret with
 * HS256, the issuer {@code decidr.security.issuer} and the same {@code audiences} when configured. Either way a
 * token without {@code exp} is refused.
 *
 * <p>Only a GET WebSocket handshake on {@code /graphql} passes without a token (browsers cannot send headers on it;
 * graphql-ws authenticates {@code connection_init} instead, see {@link WebSocketAuthentication}). Management
 * endpoints other than health are for operators and platform admins.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    /** 256 bits: RFC 7518 asks for a key at least as long as the HS256 hash. */
    private static final int MIN_SECRET_BYTES = 32;

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
            @Value("${decidr.temporal.encryption.ui-origins:http://localhost:8233}") List<String> codecOrigins,
            @Value("${decidr.temporal.encryption.codec-without-token:false}") boolean codecWithoutToken,
            Environment environment) {
        if (codecWithoutToken) {
            requireLocalDevelopment(environment);
        }
        return http
                .cors(cors -> cors.configurationSource(codecCors(codecOrigins)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // stateless: every request carries its token. Without these each request would open a WebSession
                // (to look for a saved context and a saved request), and creating one hops to another scheduler
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> {
                    exchanges
                            // the dev token endpoint only exists in the dev profile; elsewhere this path is a 404
                            .pathMatchers("/graphiql", "/graphiql/**", "/dev/token", "/actuator/health", "/actuator/health/**")
                            .permitAll()
                            .matchers(SecurityConfiguration::webSocketHandshake).permitAll()
                            .pathMatchers("/actuator/**").hasAnyRole("OPERATOR", "PLATFORM_ADMIN")
                            // Temporal's codec endpoint: the UI's preflight carries no token; the calls are operators'
                            .pathMatchers(HttpMethod.OPTIONS, "/codec/**").permitAll();
                    if (codecWithoutToken) {
                        // the dev profile's (loopback only): its Temporal UI signs nobody in, so it has no token to pass
                        exchanges.pathMatchers("/codec/**").permitAll();
                    } else {
                        exchanges.pathMatchers("/codec/**").hasAnyRole("OPERATOR", "PLATFORM_ADMIN");
                    }
                    exchanges.anyExchange().authenticated();
                })
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(SecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((exchange, denied) -> HttpErrors.write(exchange.getResponse(),
                                HttpStatus.FORBIDDEN, HttpErrors.FORBIDDEN, "your roles do not allow this")))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(SecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((exchange, denied) -> HttpErrors.write(exchange.getResponse(),
                                HttpStatus.FORBIDDEN, HttpErrors.FORBIDDEN, "your roles do not allow this"))
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new TokenRoles())))
                .build();
    }

    /**
     * The codec endpoint without a token decrypts anyone's payloads: only for the dev profile on the loopback interface
     * (the dev server's UI signs nobody in). Anywhere else the application refuses to start with it.
     */
    static void requireLocalDevelopment(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of("dev"))) {
            throw new IllegalStateException("decidr.temporal.encryption.codec-without-token is for the dev profile only:"
                    + " it lets anyone decrypt Temporal payloads");
        }
        String address = environment.getProperty("server.address", "");
        try {
            if (address.isBlank() || !InetAddress.getByName(address).isLoopbackAddress()) {
                throw new IllegalStateException("decidr.temporal.encryption.codec-without-token needs the API on the"
                        + " loopback interface (server.address 127.0.0.1), not on '" + address + "'");
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("server.address " + address + " does not resolve", e);
        }
    }

    /**
     * Cross-origin calls are for the Temporal UI's codec requests only ({@code /codec/**}, from its origins, with the
     * user's token or credentials); every other path answers no CORS headers, so browsers keep other sites out.
     */
    private static CorsConfigurationSource codecCors(List<String> origins) {
        CorsConfiguration codec = new CorsConfiguration();
        codec.setAllowedOrigins(origins);
        codec.setAllowedMethods(List.of("POST", "OPTIONS"));
        codec.setAllowedHeaders(List.of("Content-Type", "Authorization", "X-Namespace"));
        codec.setAllowCredentials(true);
        codec.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/codec/**", codec);
        return source;
    }

    /** A graphql-ws handshake: GET with {@code Upgrade: websocket} on {@code /graphql}, nothing else. */
    private static Mono<ServerWebExchangeMatcher.MatchResult> webSocketHandshake(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        boolean handshake = HttpMethod.GET.equals(request.getMethod())
                && "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())
                && request.getPath().value().equals("/graphql");
        return handshake ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /** 401 with the standard {@code WWW-Authenticate} challenge and a GraphQL-shaped error (RFC 6750). */
    private static Mono<Void> unauthenticated(ServerWebExchange exchange, AuthenticationException refused) {
        boolean badToken = refused instanceof OAuth2AuthenticationException;
        exchange.getResponse().getHeaders().set("WWW-Authenticate",
                badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        return HttpErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, HttpErrors.UNAUTHENTICATED,
                badToken ? "the bearer token is not valid (signature, issuer, audience or expiry)"
                        : "send a bearer token: Authorization: Bearer <token>");
    }

    /** Turns a verified token into the authentication the API works with (roles from the {@code roles} claim). */
    public static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
        return new TokenRoles().convert(jwt);
    }

    /**
     * Every token decoder (ours for HMAC, or the one Spring Boot builds from the issuer or key set) verifies each
     * distinct token once and serves it from memory until it expires ({@link VerifiedTokens});
     * {@code decidr.security.token-cache.max-age=0s} turns this off.
     */
    @Bean
    static BeanPostProcessor verifiedTokens(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                Duration maxAge = environment.getProperty("decidr.security.token-cache.max-age", Duration.class,
                        Duration.ofMinutes(5));
                long maximumSize = environment.getProperty("decidr.security.token-cache.max-size", Long.class, 10_000L);
                if (bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof VerifiedTokens)
                        && maxAge.isPositive() && maximumSize > 0) {
                    return new VerifiedTokens(decoder, maxAge, maximumSize, Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    /**
     * Spring Boot adds this to the decoders it builds from {@code issuer-uri}, {@code jwk-set-uri} or a public key:
     * their default timestamp check lets a token without {@code exp} live for ever.
     */
    @Bean
    OAuth2TokenValidator<Jwt> expiryRequired() {
        return new JwtClaimValidator<Object>(JwtClaimNames.EXP, expiry -> expiry != null);
    }

    @Bean
    @ConditionalOnProperty("decidr.security.hmac-secret")
    ReactiveJwtDecoder hmacJwtDecoder(Environment environment, OAuth2ResourceServerProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withSecretKey(hmacKey(environment.getRequiredProperty("decidr.security.hmac-secret")))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator());
        validators.add(expiryRequired());
        String issuer = environment.getProperty("decidr.security.issuer");
        if (issuer != null && !issuer.isBlank()) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        List<String> audiences = properties.getJwt().getAudiences();
        if (audiences != null && !audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * The HS256 key for a configured secret: base64 (standard or URL-safe) of at least 256 bits. A passphrase is
     * refused: its bytes carry far less entropy than their count suggests.
     */
    public static SecretKey hmacKey(String secret) {
        byte[] bytes;
        try {
            String text = secret.strip();
            bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("decidr.security.hmac-secret must be base64 of at least 256 bits of random data"
                    + " (e.g. `openssl rand -base64 48`)");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("decidr.security.hmac-secret must hold at least 256 bits (" + MIN_SECRET_BYTES
                    + " bytes, base64); it has " + bytes.length * 8);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}

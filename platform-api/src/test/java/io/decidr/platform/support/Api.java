package io.decidr.platform.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.decidr.platform.security.Callers;
import io.decidr.platform.security.SecurityConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/** A caller of the running application: tokens from the dev endpoint, GraphQL documents with a bearer token. */
public final class Api {

    private final String baseUrl;
    private final WebTestClient http;

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }

    public WebTestClient http() {
        return http;
    }

    /** A token from {@code POST /dev/token}. */
    public String token(UUID tenant, String user, String... roles) {
        Map<String, Object> body = tenant == null
                ? Map.of("user", user, "roles", List.of(roles))
                : Map.of("tenantId", tenant.toString(), "user", user, "roles", List.of(roles));
        @SuppressWarnings("unchecked")
        Map<String, Object> response = http.post().uri("/dev/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) response.get("token");
    }

    /**
     * A token signed here with the test key (the dev endpoint only issues 12-hour tokens) that expires after
     * {@code lifetime}; JWT times are whole seconds, so it expires at {@link #expiry(String)}.
     */
    public static String token(UUID tenant, String user, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                // what the dev profile checks: its issuer and audience (application-dev.yml)
                .issuer("decidr-dev")
                .audience(List.of("decidr"))
                .subject(user)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim(Callers.TENANT_CLAIM, tenant.toString())
                .claim(Callers.ROLES_CLAIM, List.of(roles))
                .build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(SecurityConfiguration.hmacKey(PlatformTest.TEST_SECRET)))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    /** When a token expires (its {@code exp}). */
    public static Instant expiry(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }

    /** A graphql-ws client over WebSocket that sends the token in {@code connection_init}. */
    public WebSocketGraphQlClient socket(String token) {
        return WebSocketGraphQlClient.builder(baseUrl.replaceFirst("^http", "ws") + "/graphql", new ReactorNettyWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(Map.of("Authorization", "Bearer " + token));
                    }
                })
                .build();
    }

    /** A GraphQL client that sends the token. */
    public HttpGraphQlTester as(String token) {
        return HttpGraphQlTester.builder(WebTestClient.bindToServer()
                        .baseUrl(baseUrl + "/graphql")
                        .responseTimeout(Duration.ofSeconds(30))
                        .defaultHeaders(headers -> headers.setBearerAuth(token)))
                .build();
    }

    /** Waits, checking every 50 ms on the calling thread, until {@code condition} holds; fails after {@code within}. */
    public static void eventually(java.util.function.BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            reactor.core.publisher.Mono.delay(Duration.ofMillis(50)).block();
        }
    }

    /** Asserts the response failed with exactly one error of {@code code} and returns it. */
    public static ResponseError rejected(GraphQlTester.Response response, String code) {
        List<ResponseError> errors = new ArrayList<>();
        response.errors().satisfy(errors::addAll);
        assertThat(errors).as("errors").hasSize(1);
        ResponseError error = errors.getFirst();
        assertThat(error.getExtensions().get("code")).as("code of " + error.getMessage()).isEqualTo(code);
        assertThat(error.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
        return error;
    }
}

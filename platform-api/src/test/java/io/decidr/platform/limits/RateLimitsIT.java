package io.decidr.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;

/**
 * Per-tenant rate limits end to end: over HTTP a tenant past its rate gets 429 with {@code Retry-After} and a coded
 * GraphQL body; over graphql-ws its operations get {@code RATE_LIMITED} and the connection stays open. The tenants
 * here have small limits of their own (see {@link PlatformTest}); everyone else goes on meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitsIT extends PlatformTest {

    private static final String TYPENAME = "{\"query\":\"{ __typename }\"}";

    Api api;

    @BeforeAll
    void api() {
        api = new Api(port);
    }

    @Test
    void over_http_a_tenant_past_its_rate_gets_429_with_retry_after_and_others_go_on() {
        String throttled = api.token(UUID.fromString(HTTP_THROTTLED_TENANT), "busy", "member");
        String other = api.token(UUID.randomUUID(), "calm", "member");

        // a burst of three, then one a second: a fourth request in quick succession is refused
        List<EntityExchangeResult<Map>> answers = new ArrayList<>();
        EntityExchangeResult<Map> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            EntityExchangeResult<Map> answer = post(throttled);
            answers.add(answer);
            if (answer.getStatus() == HttpStatus.TOO_MANY_REQUESTS) {
                refused = answer;
            }
        }
        assertThat(refused).as("a 429 within 20 quick requests").isNotNull();
        assertThat(answers.subList(0, 3)).allSatisfy(answer -> assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK));

        String retryAfter = refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(retryAfter).as("Retry-After").matches("[1-9][0-9]*");
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = ((List<Map<String, Object>>) refused.getResponseBody().get("errors")).getFirst();
        assertThat(error.get("message").toString()).contains("retry").doesNotContain("Exception");
        assertThat(error.get("extensions")).isEqualTo(Map.of(
                "code", "RATE_LIMITED", "retryAfterSeconds", Integer.parseInt(retryAfter), "classification", "TOO_MANY_REQUESTS"));

        // another tenant is not affected, and the throttled one is let in again once its bucket refills
        assertThat(post(other).getStatus()).isEqualTo(HttpStatus.OK);
        Api.eventually(() -> post(throttled).getStatus() == HttpStatus.OK, Duration.ofSeconds(10),
                "the throttled tenant to be let in again");
    }

    @Test
    void over_graphql_ws_operations_past_the_rate_get_rate_limited_and_the_connection_stays_open() {
        WebSocketGraphQlClient throttled = api.socket(api.token(UUID.fromString(SOCKET_THROTTLED_TENANT), "busy", "member"));
        WebSocketGraphQlClient other = api.socket(api.token(UUID.randomUUID(), "calm", "member"));
        try {
            // eight operations at once on one connection: three fit the burst, the rest are refused
            List<ClientGraphQlResponse> responses = Flux.range(0, 8)
                    .flatMap(i -> throttled.document("{ __typename }").execute())
                    .collectList().block(Duration.ofSeconds(30));
            List<ResponseError> limited = responses.stream().flatMap(response -> response.getErrors().stream()).toList();
            assertThat(responses.stream().filter(ClientGraphQlResponse::isValid)).hasSizeBetween(3, 5);
            assertThat(limited).hasSizeGreaterThanOrEqualTo(3).allSatisfy(error -> {
                assertThat(error.getExtensions()).containsEntry("code", "RATE_LIMITED");
                assertThat(((Number) error.getExtensions().get("retryAfterSeconds")).longValue()).isPositive();
                assertThat(error.getMessage()).doesNotContain("Exception");
            });

            // meanwhile another tenant's connection works, and the same connection is served again once the bucket refills
            assertThat(other.document("{ __typename }").execute().block(Duration.ofSeconds(10)).isValid()).isTrue();
            Api.eventually(() -> throttled.document("{ __typename }").execute().block(Duration.ofSeconds(10)).isValid(),
                    Duration.ofSeconds(10), "the throttled connection to be served again");
        } finally {
            throttled.stop().block(Duration.ofSeconds(10));
            other.stop().block(Duration.ofSeconds(10));
        }
    }

    @SuppressWarnings("rawtypes")
    private EntityExchangeResult<Map> post(String token) {
        return api.http().post().uri("/graphql")
                .headers(headers -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(TYPENAME)
                .exchange()
                .expectBody(Map.class)
                .returnResult();
    }
}

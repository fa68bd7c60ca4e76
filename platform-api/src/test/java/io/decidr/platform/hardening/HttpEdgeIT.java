package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;

/**
 * What is refused before GraphQL runs still answers a 4xx with a GraphQL-shaped error and a code, never a 500; and
 * only a real WebSocket handshake passes without a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgeIT extends PlatformTest {

    RawHttp http;
    String token;

    @BeforeAll
    void caller() {
        http = new RawHttp(port);
        token = new Api(port).token(null, "edge", "platform-admin");
    }

    @Test
    void an_upgrade_header_does_not_skip_authentication() {
        Api api = new Api(port);
        for (String upgrade : new String[] {"websocket", "WebSocket"}) {
            api.http().post().uri("/graphql").header("Upgrade", upgrade).header("Connection", "Upgrade")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"query\":\"{ __schema { queryType { name } } }\"}")
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED")
                    .jsonPath("$.data").doesNotExist();
        }
    }

    @Test
    void no_token_or_a_bad_one_is_401_with_a_code_and_the_bearer_challenge() {
        RawHttp.Reply none = http.graphql(null, "{ me { user } }", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

        RawHttp.Reply forged = http.graphql(token.substring(0, token.length() - 4) + "AAAA", "{ me { user } }", null);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(forged.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void a_body_over_the_limit_is_413_whether_its_length_is_declared_or_not() {
        byte[] big = ("{\"query\":\"{ me { user } }\",\"variables\":{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        for (RawHttp.Reply reply : new RawHttp.Reply[] {
                http.post("/graphql", "application/json", big, "Authorization", "Bearer " + token),
                http.postChunked("/graphql", "application/json", big, "Authorization", "Bearer " + token)}) {
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.code()).isEqualTo("REQUEST_TOO_LARGE");
            assertThat(reply.extensions().get("limit")).isEqualTo(1024 * 1024);
        }
    }

    @Test
    void malformed_bodies_are_400_with_a_code() {
        Map<String, byte[]> bodies = Map.of(
                "truncated JSON", "{\"query\":".getBytes(StandardCharsets.UTF_8),
                "not JSON", "query { me { user } }".getBytes(StandardCharsets.UTF_8),
                "bad UTF-8", new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
                "a batch", "[{\"query\":\"{ me { user } }\"}]".getBytes(StandardCharsets.UTF_8),
                "empty", new byte[0]);
        bodies.forEach((what, body) -> {
            RawHttp.Reply reply = http.post("/graphql", "application/json", body, "Authorization", "Bearer " + token);
            assertThat(reply.status()).as(what).isEqualTo(400);
            assertThat(reply.code()).as(what).isEqualTo("MALFORMED_REQUEST");
            assertThat(reply.body()).as(what).doesNotContain("Exception").doesNotContain("timestamp");
        });
    }

    @Test
    void wrong_content_types_and_methods_answer_their_4xx_with_a_code() {
        byte[] query = "{\"query\":\"{ me { user } }\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply text = http.post("/graphql", "text/plain", query, "Authorization", "Bearer " + token);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        RawHttp.Reply form = http.post("/graphql", "application/x-www-form-urlencoded", "query=x".getBytes(),
                "Authorization", "Bearer " + token);
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        RawHttp.Reply get = http.get("/graphql?query=%7Bme%7Buser%7D%7D", "Authorization", "Bearer " + token);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.code()).isEqualTo("METHOD_NOT_ALLOWED");

        RawHttp.Reply nowhere = http.get("/nothing-here", "Authorization", "Bearer " + token);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void a_subscription_sent_as_a_plain_request_is_refused_with_a_code() {
        RawHttp.Reply reply = http.graphql(token, "subscription { computeJobProgress(id: \"" + java.util.UUID.randomUUID()
                + "\") { id } }", null);
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.body()).contains("graphql-ws").doesNotContain("upstreamPublisher");
    }

    @Test
    void the_server_still_answers_normally_afterwards() {
        RawHttp.Reply reply = http.graphql(token, "{ me { user roles } }", null);
        assertThat(Fixture.data(reply, "me", "user")).isEqualTo("edge");
    }
}

package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.introspection.IntrospectionQuery;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The introspection queries GraphiQL, graphql-codegen, Apollo and Postman send pass the limits meant for data. The
 * documents under {@code introspection/} are graphql-js 16's {@code getIntrospectionQuery()} output, byte for byte
 * (default options, and every option on), which these tools send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionIT extends PlatformTest {

    RawHttp http;
    String token;

    @BeforeAll
    void caller() {
        http = new RawHttp(port);
        token = new Api(port).token(null, "tooling", "member");
    }

    @Test
    void the_standard_introspection_queries_answer_the_schema() {
        for (String document : List.of(resource("graphql-js-16-default.graphql"), resource("graphql-js-16-all-options.graphql"),
                IntrospectionQuery.INTROSPECTION_QUERY)) {
            RawHttp.Reply reply = http.graphql(token, document, null);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> types = (List<Map<String, Object>>) ((Map<String, Object>) Fixture.data(reply, "__schema"))
                    .get("types");
            assertThat(types).extracting(type -> type.get("name")).contains("Query", "Mutation", "Subscription", "Entity");
        }
    }

    @Test
    void an_introspection_query_in_bad_faith_is_a_validation_error() {
        String repeated = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
        RawHttp.Reply reply = http.graphql(token, repeated, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.json().get("data")).isNull();
    }

    @Test
    void introspection_beside_data_counts_only_the_data_against_the_limits() {
        String document = resource("graphql-js-16-default.graphql").replace("__schema {", "me { user } __schema {");
        RawHttp.Reply reply = http.graphql(token, document, null);
        assertThat(Fixture.data(reply, "me", "user")).isEqualTo("tooling");
    }

    private static String resource(String name) {
        try (InputStream in = IntrospectionIT.class.getResourceAsStream("/introspection/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

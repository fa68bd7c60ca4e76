package io.decidr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GraphQL over HTTP as clients send it: one keep-alive connection per bench client, a bearer token, JSON in and out.
 * An answer with errors (or not 200) throws, so a failed read never counts as a fast one.
 */
public final class GraphQlClients {

    private final Platform platform;
    private final String token;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public GraphQlClients(Platform platform, String token, int count) {
        this.platform = platform;
        this.token = token;
        for (int i = 0; i < count; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
    }

    /** The {@code data} of the answer to {@code query} sent by bench client {@code client}. */
    public JsonNode query(int client, String query, Map<String, Object> variables) throws Exception {
        String body;
        try {
            body = json.writeValueAsString(Map.of("query", query, "variables", variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> response = clients.get(client).send(HttpRequest.newBuilder(platform.uri("/graphql"))
                .header("content-type", "application/json")
                .header("accept", "application/graphql-response+json")
                .header("authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = platform.parse(response.body());
        if (response.statusCode() != 200 || answer.has("errors") || !answer.path("data").isObject()) {
            throw new IllegalStateException("GraphQL answered " + response.statusCode() + ": " + response.body());
        }
        return answer.get("data");
    }
}

package io.decidr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GraphQL over HTTP as clients send it: one keep-alive connection per bench client ({@link KeepAliveConnection}), a
 * bearer token, JSON in and out. An answer with errors (or not 200) throws, so a failed read never counts as a fast
 * one.
 */
public final class GraphQlClients {

    private final Platform platform;
    private final Map<String, String> headers;
    private final List<KeepAliveConnection> clients = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public GraphQlClients(Platform platform, String token, int count) {
        this.platform = platform;
        this.headers = Map.of(
                "content-type", "application/json",
                "accept", "application/graphql-response+json",
                "authorization", "Bearer " + token);
        InetSocketAddress address = new InetSocketAddress(platform.uri("/").getHost(), platform.uri("/").getPort());
        for (int i = 0; i < count; i++) {
            clients.add(new KeepAliveConnection(address));
        }
    }

    /** The {@code data} of the answer to {@code query} sent by bench client {@code client}. */
    public JsonNode query(int client, String query, Map<String, Object> variables) throws Exception {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("query", query, "variables", variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeepAliveConnection connection = clients.get(client);
        KeepAliveConnection.Answer response;
        synchronized (connection) {
            response = connection.post("/graphql", headers, body);
        }
        JsonNode answer = platform.parse(response.body());
        if (response.status() != 200 || answer.has("errors") || !answer.path("data").isObject()) {
            throw new IllegalStateException("GraphQL answered " + response.status() + ": " + response.body());
        }
        return answer.get("data");
    }
}

package io.decidr.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.bench.BenchContext;
import io.decidr.bench.Measured;
import io.decidr.bench.Platform;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.eventstore.handlers.EntityHandler;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code createEntity} over HTTP as a client sends it (a token, JSON, one keep-alive connection per client), next
 * to the same command in process: what the request path adds at one client, and the rate at 16.
 */
public final class HttpCreate implements Workload {

    private static final String MUTATION = """
            mutation($c: ID!, $v: [ValueInput!]) { createEntity(collectionId: $c, values: $v) { id } }""";

    @Override
    public String name() {
        return "http-create";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Platform platform = context.platform();
        String token = platform.devToken(context.fixture().tenant(), "bench-http", "member");
        EntityHandler entities = platform.bean(EntityHandler.class);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }

        Measured inProcess = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> WritePath.create(entities, context.fixture(), n));
        Measured overHttp = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(platform, clients.get(client), token, context, n));
        context.report().add(Row.of("http createEntity", "1 client", overHttp)
                .against("same command in process", inProcess).aiming(new Target.AddsAtMost(2)));

        Measured many = context.loop().run(16, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(platform, clients.get(client), token, context, n));
        context.report().add(Row.of("http createEntity", "16 clients", many));
    }

    private static void create(Platform platform, HttpClient http, String token, BenchContext context, long n)
            throws Exception {
        String body = """
                {"query": %s, "variables": {"c": "%s", "v": [{"attribute": "Name", "text": "item %d"}, {"attribute": "Score", "number": %d}]}}
                """.formatted(quote(MUTATION), context.fixture().items().value(), n, n % 1_000);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(platform.uri("/graphql"))
                .header("content-type", "application/json")
                .header("accept", "application/graphql-response+json")
                .header("authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = platform.parse(response.body());
        if (response.statusCode() != 200 || answer.has("errors") || answer.path("data").path("createEntity").path("id").isMissingNode()) {
            throw new IllegalStateException("createEntity answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

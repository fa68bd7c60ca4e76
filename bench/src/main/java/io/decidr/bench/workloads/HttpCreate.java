package io.decidr.bench.workloads;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.bench.BenchContext;
import io.decidr.bench.GraphQlClients;
import io.decidr.bench.JitWarmUp;
import io.decidr.bench.Measured;
import io.decidr.bench.Platform;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    public void run(BenchContext context) {
        Platform platform = context.platform();
        GraphQlClients http = new GraphQlClients(platform, platform.devToken(context.fixture().tenant(), "bench-http", "member"), 16);
        EntityHandler entities = platform.bean(EntityHandler.class);
        String collection = context.fixture().items().value().toString();

        // both paths hot before either is measured (a freshly started platform compiles for a minute or more)
        Duration warmed = JitWarmUp.run(context.loop(), Windows.JIT_CLIENTS, Windows.jit(context), (client, n) -> {
            if (n % 2 == 0) {
                WritePath.create(entities, context.fixture(), n);
            } else {
                create(http, client, collection, n);
            }
        });
        System.out.println("bench: http-create warmed up (JIT settled) in " + warmed.toSeconds() + " s");
        context.settle();
        Measured inProcess = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> WritePath.create(entities, context.fixture(), n));
        context.settle();
        Measured overHttp = context.loop().run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(http, client, collection, n));
        context.report().add(Row.of("http createEntity", "1 client", overHttp)
                .against("same command in process", inProcess).aiming(new Target.AddsAtMost(2)));

        context.settle();
        Measured many = context.loop().run(16, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(http, client, collection, n));
        context.report().add(Row.of("http createEntity", "16 clients", many));
    }

    private static void create(GraphQlClients http, int client, String collection, long n) throws Exception {
        Map<String, Object> variables = Map.of("c", collection, "v", List.of(
                Map.of("attribute", "Name", "text", "item " + n),
                Map.of("attribute", "Score", "number", n % 1_000)));
        if (http.query(client, MUTATION, variables).path("createEntity").path("id").isMissingNode()) {
            throw new IllegalStateException("createEntity answered no id");
        }
    }
}

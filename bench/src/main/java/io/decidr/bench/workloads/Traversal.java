package io.decidr.bench.workloads;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.ValueInput;
import io.decidr.bench.BenchContext;
import io.decidr.bench.Fixture;
import io.decidr.bench.GraphQlClients;
import io.decidr.bench.JitWarmUp;
import io.decidr.bench.Measured;
import io.decidr.bench.ProjectionLag;
import io.decidr.bench.Row;
import io.decidr.bench.Workload;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.TextValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Flux;

/**
 * {@code traverse(depth: 3)} over HTTP on a graph of 10,000 links (5 out of each node, to random others), made with
 * the platform's own link command; next to the same three hops read raw through the app's Cassandra session (each
 * hop: the frontier's links, then the new entities' rows, all requests of a hop in flight at once).
 */
public final class Traversal implements Workload {

    private static final int OUT_DEGREE = 5;
    private static final int DEPTH = 3;
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String QUERY = """
            query($from: ID!, $a: String!) { traverse(from: $from, attribute: $a, direction: OUT, depth: 3) {
              depth entities { id version values { attributeId text } } } }""";

    @Override
    public String name() {
        return "traversal";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int edges = context.sizes().smoke() ? 500 : 10_000;
        Requester member = context.fixture().member();
        UUID tenant = context.fixture().tenant();
        CollectionHandler collections = context.platform().bean(CollectionHandler.class);
        EntityHandler entities = context.platform().bean(EntityHandler.class);
        CollectionId nodes = new CollectionId(collections.create(member, "Nodes", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(member, nodes, "Name", new TextType(200), false, UUID.randomUUID()).block(WAIT);
        UUID next = collections.defineAttribute(member, nodes, "Next", new LinkType(nodes, "Previous"), false,
                UUID.randomUUID()).block(WAIT).attributeId();
        List<EntityId> graph = graph(entities, member, nodes, next, edges / OUT_DEGREE);
        ProjectionLag.awaitCaughtUp(context.platform(), WAIT);

        CqlSession session = context.platform().cassandra();
        PreparedStatement links = session.prepare(
                "SELECT target_id FROM links_by_source WHERE tenant_id = ? AND source_id = ? AND attribute_id = ?");
        PreparedStatement entity = session.prepare("SELECT * FROM entity_by_id WHERE tenant_id = ? AND entity_id = ?");
        GraphQlClients graphql = new GraphQlClients(context.platform(),
                context.platform().devToken(tenant, "bench-traversal", "member"), 16);
        // both read the same graph the same way: check it once before timing either
        for (int i = 0; i < 5; i++) {
            UUID start = graph.get(i).value();
            int raw = raw(session, links, entity, tenant, start, next);
            int platform = reached(graphql.query(0, QUERY, Map.of("from", start.toString(), "a", next.toString())));
            if (raw != platform) {
                throw new IllegalStateException("traverse reached " + platform + " entities, the raw hops " + raw);
            }
        }

        Duration warmed = JitWarmUp.run(context.loop(), Windows.JIT_CLIENTS, Windows.jit(context), (client, n) -> {
            if (n % 2 == 0) {
                raw(session, links, entity, tenant, pick(graph), next);
            } else {
                graphql.query(client, QUERY, Map.of("from", pick(graph).toString(), "a", next.toString()));
            }
        });
        System.out.println("bench: traversal warmed up (JIT settled) in " + warmed.toSeconds() + " s");
        for (int clients : new int[] {1, 16}) {
            Measured raw = context.loop().run(clients, Windows.warmUp(context), Windows.window(context),
                    (client, n) -> nonEmpty(raw(session, links, entity, tenant, pick(graph), next)));
            Measured platform = context.loop().run(clients, Windows.warmUp(context), Windows.window(context),
                    (client, n) -> nonEmpty(reached(graphql.query(client, QUERY,
                            Map.of("from", pick(graph).toString(), "a", next.toString())))));
            context.report().add(Row.of("traverse 3 hops", edges + " links, " + clients + (clients == 1 ? " client" : " clients"),
                    platform).against("raw hops, async", raw));
        }
    }

    /** {@code count} nodes, each linked to {@link #OUT_DEGREE} others chosen at random (the same graph every run). */
    private static List<EntityId> graph(EntityHandler entities, Requester member, CollectionId nodes, UUID next, int count) {
        List<EntityId> made = Flux.range(0, count)
                .flatMapSequential(i -> entities.create(member, nodes,
                        List.of(new ValueInput("Name", new TextValue("node " + i))), UUID.randomUUID()), 16)
                .map(result -> new EntityId(result.id()))
                .collectList()
                .block(WAIT);
        Random random = new Random(9);
        List<List<Integer>> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < OUT_DEGREE) {
                int target = random.nextInt(count);
                if (target != i) {
                    chosen.add(target);
                }
            }
            targets.add(List.copyOf(chosen));
        }
        // one source's links one after the other (they change the same stream), sources side by side
        Flux.range(0, count)
                .flatMap(i -> Flux.fromIterable(targets.get(i)).concatMap(t -> Fixture.link(entities, member, made.get(i),
                        next.toString(), made.get(t))), 16)
                .blockLast(WAIT);
        return made;
    }

    /** How many entities three hops out reach, read with the app's session and prepared statements, no API. */
    private static int raw(CqlSession session, PreparedStatement links, PreparedStatement entity, UUID tenant, UUID start,
            UUID attribute) {
        Set<UUID> seen = new HashSet<>(Set.of(start));
        Set<UUID> frontier = Set.of(start);
        int reached = 0;
        for (int hop = 1; hop <= DEPTH && !frontier.isEmpty(); hop++) {
            List<CompletableFuture<AsyncResultSet>> linkReads = frontier.stream()
                    .map(id -> session.executeAsync(links.bind(tenant, id, attribute)).toCompletableFuture()).toList();
            Set<UUID> found = new LinkedHashSet<>();
            for (CompletableFuture<AsyncResultSet> read : linkReads) {
                read.join().currentPage().forEach(row -> {
                    if (seen.add(row.getUuid(0))) {
                        found.add(row.getUuid(0));
                    }
                });
            }
            List<CompletableFuture<AsyncResultSet>> rows = found.stream()
                    .map(id -> session.executeAsync(entity.bind(tenant, id)).toCompletableFuture()).toList();
            for (CompletableFuture<AsyncResultSet> row : rows) {
                row.join().one().getMap("vals", UUID.class, String.class);
            }
            reached += found.size();
            frontier = found;
        }
        return reached;
    }

    private static int reached(JsonNode data) {
        int reached = 0;
        for (JsonNode hop : data.path("traverse")) {
            reached += hop.path("entities").size();
        }
        return reached;
    }

    private static UUID pick(List<EntityId> graph) {
        return graph.get(ThreadLocalRandom.current().nextInt(graph.size())).value();
    }

    private static void nonEmpty(int reached) {
        if (reached == 0) {
            throw new IllegalStateException("three hops reached nothing");
        }
    }
}

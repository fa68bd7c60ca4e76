package io.decidr.bench.workloads;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.bench.BenchContext;
import io.decidr.bench.GraphQlClients;
import io.decidr.bench.JitWarmUp;
import io.decidr.bench.Measured;
import io.decidr.bench.ProjectionLag;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.domain.entity.EntityId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads over HTTP GraphQL next to the same rows read raw through the app's own Cassandra session: the first page of
 * 50 entities of a collection with their values at 1, 4 and 16 clients (raw: the same table, partitions and page
 * size, one prepared statement), and one entity by id with its values at 1 and 16 clients (raw: its partition).
 */
public final class EntityReads implements Workload {

    private static final int PAGE = 50;
    private static final String PAGE_QUERY = """
            query($c: ID!) { entities(collectionId: $c, first: 50) {
              edges { node { id version values { attributeId text number } } } pageInfo { hasNextPage endCursor } } }""";
    private static final String ENTITY_QUERY = """
            query($id: ID!) { entity(id: $id) { id version values { attributeId text number } } }""";

    @Override
    public String name() {
        return "reads";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        List<EntityId> entities = context.fixture().entities(context.sizes().entities());
        ProjectionLag.awaitCaughtUp(context.platform(), Duration.ofMinutes(2));
        UUID tenant = context.fixture().tenant();
        UUID collection = context.fixture().items().value();
        CqlSession session = context.platform().cassandra();
        PreparedStatement rawPage = session.prepare("""
                SELECT entity_id, archived, version, vals FROM entities_by_collection
                WHERE tenant_id = ? AND collection_id = ? AND bucket = ?""");
        PreparedStatement rawEntity = session.prepare("SELECT * FROM entity_by_id WHERE tenant_id = ? AND entity_id = ?");
        GraphQlClients graphql = new GraphQlClients(context.platform(),
                context.platform().devToken(tenant, "bench-reads", "member"), 16);
        Duration warmUp = Windows.warmUp(context);
        Duration window = Windows.window(context);
        Map<String, Object> pageVariables = Map.of("c", collection.toString());
        // every path once hot before any is measured: the first measured row should not pay for the JIT
        Duration warmed = JitWarmUp.run(context.loop(), Windows.JIT_CLIENTS, Windows.jit(context), (client, n) -> {
            switch ((int) (n % 3)) {
                case 0 -> rawPage(session, rawPage, tenant, collection);
                case 1 -> graphql.query(client, PAGE_QUERY, pageVariables);
                default -> graphql.query(client, ENTITY_QUERY, Map.of("id", pick(entities).toString()));
            }
        });
        System.out.println("bench: reads warmed up (JIT settled) in " + warmed.toSeconds() + " s");

        for (int clients : new int[] {1, 4, 16}) {
            Measured raw = context.loop().run(clients, warmUp, window,
                    (client, n) -> check(rawPage(session, rawPage, tenant, collection), PAGE));
            Measured platform = context.loop().run(clients, warmUp, window,
                    (client, n) -> check(graphql.query(client, PAGE_QUERY, pageVariables).path("entities").path("edges").size(), PAGE));
            Row row = Row.of("entities page of 50", clients + (clients == 1 ? " client" : " clients"), platform)
                    .against("raw Cassandra page read", raw);
            context.report().add(clients == 16
                    ? row.aiming(new Target.All(List.of(new Target.P99(25), new Target.Ratio(0.5))))
                    : row);
        }

        for (int clients : new int[] {1, 16}) {
            Measured raw = context.loop().run(clients, warmUp, window, (client, n) -> {
                UUID id = pick(entities);
                check(session.execute(rawEntity.bind(tenant, id)).one() == null ? 0 : 1, 1);
            });
            Measured platform = context.loop().run(clients, warmUp, window, (client, n) -> {
                String id = pick(entities).toString();
                JsonNode entity = graphql.query(client, ENTITY_QUERY, Map.of("id", id)).path("entity");
                // Name and Score, and the Email the write workload may have set
                check(id.equals(entity.path("id").asText()) && entity.path("values").size() >= 2 ? 1 : 0, 1);
            });
            context.report().add(Row.of("entity by id", clients + (clients == 1 ? " client" : " clients"), platform)
                    .against("raw Cassandra row read", raw)
                    .aiming(clients == 1 ? new Target.P50(3) : new Target.P99(10)));
        }
    }

    /**
     * The rows the platform's first page holds, read as plainly as the table allows: bucket after bucket with a page
     * size of what is still missing, every value cell decoded by the driver.
     */
    private static int rawPage(CqlSession session, PreparedStatement statement, UUID tenant, UUID collection) {
        int rows = 0;
        for (int bucket = 0; bucket < 16 && rows < PAGE; bucket++) {
            ResultSet result = session.execute(statement.bind(tenant, collection, bucket).setPageSize(PAGE - rows));
            for (int i = result.getAvailableWithoutFetching(); i > 0; i--) {
                com.datastax.oss.driver.api.core.cql.Row row = result.one();
                if (!row.getBoolean("archived")) {
                    row.getMap("vals", UUID.class, String.class);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static UUID pick(List<EntityId> entities) {
        return entities.get(ThreadLocalRandom.current().nextInt(entities.size())).value();
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + ", expected " + expected);
        }
    }
}

package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.ApplicationOnOwnStores;
import io.decidr.platform.support.PlatformProcess;
import io.decidr.platform.support.PlatformTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two API replicas serving the same tenant under a write load: this application and a second one in a JVM of its own
 * (API role only), each with its own aggregate cache, against one log. Concurrent writes to the same entities through
 * both keep optimistic concurrency (every version given out once, none lost, the log's versions without a gap), and a
 * command id sent to both at once is handled once (the other answers it as a duplicate of the same outcome).
 */
@ApplicationOnOwnStores
class TwoApiReplicasIT {

    private static final TestPostgres.Database DATABASE = TestPostgres.newDatabase();
    private static final String KEYSPACE = "replicas_" + ProcessHandle.current().pid();
    private static final int ENTITIES = 4;
    private static final int WRITES_PER_CLIENT = 40;
    private static final int CLIENTS_PER_REPLICA = 4;
    private static PlatformProcess second;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        PlatformTest.stores(registry, DATABASE, KEYSPACE);
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void writes_through_both_replicas_keep_every_version_and_a_command_id_sent_to_both_is_handled_once() throws Exception {
        second = PlatformProcess.start(DATABASE, KEYSPACE, List.of(
                "--decidr.roles.projector.enabled=false",
                "--decidr.roles.worker.enabled=false"));
        Api first = new Api(port);
        Api other = new Api(second.port());
        UUID tenant = UUID.fromString(first.as(first.token(null, "root", "platform-admin"))
                .document("mutation { registerTenant(name: \"Replicated\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester admin = first.as(first.token(tenant, "ada", "admin", "member"));
        String collection = WritePathIT.id(admin.document("mutation { createCollection(name: \"Counters\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute().path("defineAttribute.attributeId").hasValue();
        List<String> entities = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            entities.add(WritePathIT.id(admin.document("mutation($c: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"0\"}]) { id } }")
                    .variable("c", collection).execute(), "createEntity.id"));
        }
        // both replicas have the entities in their caches before the load: the stale-cache case
        HttpGraphQlTester[] replicas = {first.as(first.token(tenant, "bob", "member")), other.as(other.token(tenant, "bob", "member"))};
        for (int r = 0; r < replicas.length; r++) {
            for (String entity : entities) {
                replicas[r].document("mutation($e: ID!, $t: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $t}) { version } }")
                        .variable("e", entity).variable("t", "warmed by replica " + r).execute()
                        .path("setValue.version").entity(Integer.class).isEqualTo(2 + r);
            }
        }

        ExecutorService clients = Executors.newFixedThreadPool(2 * CLIENTS_PER_REPLICA);
        try {
            List<CompletableFuture<List<Map.Entry<String, Integer>>>> load = new ArrayList<>();
            for (int client = 0; client < 2 * CLIENTS_PER_REPLICA; client++) {
                HttpGraphQlTester replica = replicas[client % 2];
                int number = client;
                load.add(CompletableFuture.supplyAsync(() -> {
                    List<Map.Entry<String, Integer>> versions = new ArrayList<>();
                    for (int i = 0; i < WRITES_PER_CLIENT; i++) {
                        String entity = entities.get((number + i) % ENTITIES);
                        versions.add(Map.entry(entity, replica.document("mutation($e: ID!, $t: String!) { setValue(entityId: $e, value: {attribute: \"Name\", text: $t}) { version } }")
                                .variable("e", entity).variable("t", "client " + number + " write " + i).execute()
                                .path("setValue.version").entity(Integer.class).get()));
                    }
                    return versions;
                }, clients));
            }
            Set<Map.Entry<String, Integer>> given = new HashSet<>();
            for (CompletableFuture<List<Map.Entry<String, Integer>>> client : load) {
                for (Map.Entry<String, Integer> version : client.get(3, TimeUnit.MINUTES)) {
                    assertThat(given.add(version)).as("version %s of %s given out once", version.getValue(), version.getKey()).isTrue();
                }
            }
            int writes = 2 * CLIENTS_PER_REPLICA * WRITES_PER_CLIENT;
            assertThat(given).hasSize(writes);
            int before = 1 + replicas.length;  // created, then warmed through each replica
            for (String entity : entities) {
                int perEntity = writes / ENTITIES;
                assertThat(versionsInTheLog(tenant, entity)).as("the log's versions of %s, without a gap", entity)
                        .isEqualTo(before + perEntity);
            }

            // one command id, sent to both replicas at once, several times: one entity, every answer the same
            for (int round = 0; round < 10; round++) {
                String commandId = UUID.randomUUID().toString();
                List<CompletableFuture<Map<String, Object>>> sends = new ArrayList<>();
                for (int send = 0; send < 4; send++) {
                    HttpGraphQlTester replica = replicas[send % 2];
                    sends.add(CompletableFuture.supplyAsync(() -> replica.document("mutation($c: ID!, $k: ID!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: \"once\"}], commandId: $k) { id version duplicate } }")
                            .variable("c", collection).variable("k", commandId).execute()
                            .path("createEntity").entity(Map.class).get(), clients).thenApply(answer -> {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> typed = answer;
                                return typed;
                            }));
                }
                Set<Object> ids = new HashSet<>();
                int fresh = 0;
                for (CompletableFuture<Map<String, Object>> send : sends) {
                    Map<String, Object> answer = send.get(1, TimeUnit.MINUTES);
                    ids.add(answer.get("id"));
                    assertThat(answer).containsEntry("version", 1);
                    fresh += Boolean.FALSE.equals(answer.get("duplicate")) ? 1 : 0;
                }
                assertThat(ids).as("round %s: the entity the command made", round).hasSize(1);
                assertThat(fresh).as("round %s: answers that were not duplicates", round).isEqualTo(1);
                assertThat(versionsInTheLog(tenant, (String) ids.iterator().next())).isEqualTo(1);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(second.alive()).isTrue();
    }

    /** The entity's events in the log, checking their versions run 1, 2, 3... without a gap. */
    private static int versionsInTheLog(UUID tenant, String entity) throws SQLException {
        try (Connection c = DATABASE.jdbc();
                var statement = c.prepareStatement("SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version")) {
            statement.setString(1, "entity:" + tenant + ":" + entity);
            int expected = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getLong(1)).isEqualTo(++expected);
                }
            }
            return expected;
        }
    }
}

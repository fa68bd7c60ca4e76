package io.decidr.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.devservices.kafka.EmbeddedKafka;
import io.decidr.messaging.contract.IntegrationEventTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same end-to-end tests with the messages going through a real Apache Kafka broker (KRaft, in its own JVM): the
 * relay publishes the outbox to Kafka as Tram's CDC service would, and Tram's Kafka consumer hands the messages to the
 * same process managers. The broker stops with the test JVM. And what of a personal value reaches the broker.
 */
class ProcessManagersOnKafkaIT extends ProcessManagersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = new EmbeddedKafka(EmbeddedKafka.Settings.in(Files.createTempDirectory("kafka-e2e"))).start();
        registry.add("decidr.messaging.transport", () -> "kafka");
        registry.add("decidr.messaging.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @Test
    void personal_values_reach_the_broker_in_clear_only_while_the_tenant_shares_them() throws Exception {
        String contacts = admin.document("mutation { createCollection(name: \"Kafka contacts\") { id } }").execute()
                .path("createCollection.id").entity(String.class).get();
        admin.document("mutation($i: DefineAttributeInput!) { defineAttribute(input: $i, consistency: STRONG) { attributeId } }")
                .variable("i", Map.of("collectionId", contacts, "name", "Email", "type", "TEXT", "personal", true))
                .execute().path("defineAttribute.attributeId").hasValue();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<JsonNode> messages = new ArrayList<>();
            String withheld = "kept-" + UUID.randomUUID() + "@example.org";
            String kept = create(contacts, withheld);
            // whether a value is shared is decided as its message leaves: each leaves before sharing changes
            fromBroker(consumer, List.of(kept), 1, messages);
            share(true);
            String shared = "shared-" + UUID.randomUUID() + "@example.org";
            String open = create(contacts, shared);
            fromBroker(consumer, List.of(kept, open), 2, messages);
            share(false);
            admin.document("mutation($x: ID!) { eraseEntity(entityId: $x, reason: \"asked\", consistency: STRONG) { version } }")
                    .variable("x", open).execute().path("eraseEntity.version").hasValue();
            fromBroker(consumer, List.of(kept, open), 3, messages);

            assertThat(only(messages, kept, "entity.created.v1").toString())
                    .doesNotContain(withheld).contains("{\"kind\":\"personal\"}");
            assertThat(only(messages, open, "entity.created.v1").toString())
                    .contains("\"value\":\"" + shared + "\"").contains("\"personal\":true");
            assertThat(only(messages, open, "entity.erased.v1").toString()).doesNotContain(shared);
        }
    }

    private String create(String collection, String email) {
        return admin.document("""
                mutation($c: ID!, $e: String!) { createEntity(collectionId: $c, values: [{attribute: "Email", text: $e}],
                  consistency: STRONG) { id } }""")
                .variable("c", collection).variable("e", email).execute().path("createEntity.id").entity(String.class).get();
    }

    private void share(boolean shared) {
        admin.document("mutation($s: Boolean!) { sharePersonalValues(shared: $s, consistency: STRONG) { version } }")
                .variable("s", shared).execute().path("sharePersonalValues.version").hasValue();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "personal-values-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(IntegrationEventTypes.ENTITY));
        return consumer;
    }

    /** Reads the entities' messages from the broker into {@code found} (payloads parsed) until it holds {@code count}. */
    private static void fromBroker(KafkaConsumer<String, byte[]> consumer, List<String> entities, int count,
            List<JsonNode> found) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (found.size() < count) {
            assertThat(System.nanoTime()).as("%d messages of %s on the broker", count, entities).isLessThan(deadline);
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                JsonNode message = JSON.readTree(record.value());
                String aggregate = message.path("headers").path("PARTITION_ID").asText();
                if (entities.contains(aggregate)) {
                    found.add(JSON.createObjectNode()
                            .put("aggregate", aggregate)
                            .put("type", message.path("headers").path("event-type").asText())
                            .set("payload", JSON.readTree(message.path("payload").asText())));
                }
            }
        }
    }

    private static JsonNode only(List<JsonNode> messages, String aggregate, String type) {
        List<JsonNode> of = messages.stream().filter(message -> message.path("aggregate").asText().equals(aggregate)
                && message.path("type").asText().equals(type)).toList();
        assertThat(of).as("%s messages of %s", type, aggregate).hasSize(1);
        return of.getFirst().path("payload");
    }
}

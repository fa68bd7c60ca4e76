package io.decidr.platform.messaging;

import io.decidr.devservices.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same end-to-end tests with the messages going through a real Apache Kafka broker (KRaft, in its own JVM): the
 * relay publishes the outbox to Kafka as Tram's CDC service would, and Tram's Kafka consumer hands the messages to the
 * same process managers. The broker stops with the test JVM.
 */
class ProcessManagersOnKafkaIT extends ProcessManagersIT {

    private static EmbeddedKafka kafka;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = new EmbeddedKafka(EmbeddedKafka.Settings.in(Files.createTempDirectory("kafka-e2e"))).start();
        registry.add("decidr.messaging.transport", () -> "kafka");
        registry.add("decidr.messaging.kafka.bootstrap-servers", kafka::bootstrapServers);
    }
}

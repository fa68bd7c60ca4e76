package io.decidr.messaging.relay;

import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.messaging.common.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Relays into Apache Kafka as Tram's CDC service does: the topic is the message's destination, the key its partition
 * id (the aggregate: one aggregate's messages land in one partition, in order), the value the message as JSON
 * ({@code payload} and {@code headers}), which Tram's Kafka consumer reads. The producer is idempotent with every
 * replica's acknowledgement, so a batch is delivered for good and in order per partition once its sends are
 * acknowledged; a send that fails stops the batch there (later ones may have landed: they come again, and Tram's
 * duplicate detection on the consumers' side skips them). After a failure the producer is replaced before the next
 * batch: an idempotent producer may go on with later sends of a partition after one of its batches expired, and the
 * resent message would then land after them.
 */
public final class KafkaSink implements MessageSink, AutoCloseable {

    private final Map<String, Object> properties;
    private final Duration timeout;
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param bootstrapServers the brokers
     * @param timeout          how long a batch waits for its acknowledgements
     * @param extra            further producer properties (security, ...), which win over ours
     */
    public KafkaSink(String bootstrapServers, Duration timeout, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Kafka wants delivery.timeout >= linger + request.timeout
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout.toMillis() / 2));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.putAll(extra);
        this.properties = Map.copyOf(properties);
        this.timeout = timeout;
        this.producer = newProducer();
    }

    private KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void deliver(Message message) {
        Delivered delivered = deliverAll(List.of(message));
        if (delivered.failure() != null) {
            throw delivered.failure();
        }
    }

    @Override
    public synchronized Delivered deliverAll(List<Message> messages) {
        if (producer == null) {
            producer = newProducer();
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
        RuntimeException sendFailure = null;
        for (Message message : messages) {
            try {
                sent.add(producer.send(record(message)));
            } catch (RuntimeException e) {
                sendFailure = e;
                break;
            }
        }
        if (sendFailure == null) {
            producer.flush();
        }
        Delivered delivered = acknowledged(sent, sendFailure);
        if (delivered.failure() != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        return delivered;
    }

    /** How many of the first sends were acknowledged, waiting for each in order. */
    private Delivered acknowledged(List<Future<RecordMetadata>> sent, RuntimeException sendFailure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return new Delivered(i, new IllegalStateException("Kafka refused a message: " + e.getCause(),
                        e.getCause()));
            } catch (TimeoutException e) {
                return new Delivered(i, new IllegalStateException("Kafka did not acknowledge within " + timeout, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivered(i, new IllegalStateException("interrupted while waiting for Kafka", e));
            }
        }
        return new Delivered(sent.size(), sendFailure);
    }

    private static ProducerRecord<String, byte[]> record(Message message) {
        String json = JSonMapper.toJson(Map.of("payload", message.getPayload(), "headers", message.getHeaders()));
        return new ProducerRecord<>(message.getRequiredHeader(Message.DESTINATION),
                message.getRequiredHeader(Message.PARTITION_ID), json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}

package io.decidr.messaging.consumer;

import io.eventuate.messaging.kafka.basic.consumer.DefaultKafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerConfigurationProperties;
import io.eventuate.messaging.kafka.consumer.MessageConsumerKafkaImpl;
import io.eventuate.messaging.kafka.consumer.OriginalTopicPartitionToSwimlaneMapping;
import io.eventuate.tram.consumer.common.MessageConsumerImplementation;
import io.eventuate.tram.consumer.kafka.EventuateTramKafkaMessageConsumer;
import java.time.Duration;
import java.util.Map;

/**
 * Tram's Kafka consumer, as the transport of {@link TramConsumers}: each subscriber is a Kafka consumer group (its
 * subscriber id the group id) over the channels' topics; one partition's messages are handled in order, one at a time,
 * and an offset is committed once its message is handled. Replicas of a subscriber share the partitions.
 */
public final class KafkaTransport {

    private KafkaTransport() {
    }

    /**
     * @param bootstrapServers the brokers
     * @param pollTimeout      how long a poll waits for records
     * @param extra            further consumer properties (security, session timeouts, ...)
     */
    public static MessageConsumerImplementation consumer(String bootstrapServers, Duration pollTimeout,
            Map<String, String> extra) {
        EventuateKafkaConsumerConfigurationProperties properties =
                new EventuateKafkaConsumerConfigurationProperties(Map.copyOf(extra));
        properties.setPollTimeout(pollTimeout.toMillis());
        return new EventuateTramKafkaMessageConsumer(new MessageConsumerKafkaImpl(bootstrapServers, properties,
                new DefaultKafkaConsumerFactory(), new OriginalTopicPartitionToSwimlaneMapping()));
    }
}

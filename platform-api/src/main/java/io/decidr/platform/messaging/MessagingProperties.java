package io.decidr.platform.messaging;

import io.decidr.messaging.relay.OutboxRelay;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.messaging.*}: where the outbox's messages go and who consumes them here.
 *
 * @param consumers   whether this process runs the platform's Tram consumers (the process managers), and the relay
 *                    unless {@code relay.enabled} is off. On by default where the worker role is (they start workflows).
 * @param transport   {@code embedded}: the relay hands messages to this process's consumers (one process consumes at a
 *                    time); {@code kafka}: messages go through Apache Kafka ({@code kafka.*}), consumed by Tram's Kafka
 *                    consumer (the worker replicas share the partitions)
 * @param poolSize    JDBC connections for the relay and the consumers' transactions (Tram's duplicate detection)
 * @param relay       the relay's settings
 * @param kafka       the brokers, for {@code transport: kafka}
 */
@ConfigurationProperties("decidr.messaging")
public record MessagingProperties(
        @DefaultValue("true") boolean consumers,
        @DefaultValue("embedded") Transport transport,
        @DefaultValue("4") int poolSize,
        @DefaultValue Relay relay,
        @DefaultValue Kafka kafka) {

    public enum Transport {
        EMBEDDED, KAFKA
    }

    /**
     * @param bootstrapServers the brokers ({@code host:port,...})
     * @param sendTimeout      how long the relay waits for a batch's acknowledgements
     * @param pollTimeout      how long a consumer's poll waits for records
     * @param producer         further producer properties (security, ...)
     * @param consumer         further consumer properties
     */
    public record Kafka(
            @DefaultValue("") String bootstrapServers,
            @DefaultValue("10s") Duration sendTimeout,
            @DefaultValue("100ms") Duration pollTimeout,
            @DefaultValue Map<String, String> producer,
            @DefaultValue Map<String, String> consumer) {
    }

    /**
     * @param enabled    off where Tram's CDC service relays instead (production with Kafka)
     * @param batch      messages per transaction
     * @param poll       the longest an idle relay waits without a commit waking it
     * @param standbyPoll how often a process that does not relay tries to take over (the relaying process holds a
     *                    PostgreSQL advisory lock, freed when its session ends)
     * @param maxBackoff the longest pause after failed deliveries
     * @param retention  how long published messages (and the consumers' "received" records) are kept
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("200") int batch,
            @DefaultValue("1s") Duration poll,
            @DefaultValue("2s") Duration standbyPoll,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("7d") Duration retention) {

        OutboxRelay.Settings settings() {
            return new OutboxRelay.Settings(batch, poll, standbyPoll, maxBackoff, retention);
        }
    }
}

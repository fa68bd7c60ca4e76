package io.decidr.platform.messaging;

import io.decidr.messaging.relay.OutboxRelay;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.messaging.*}: where the outbox's messages go and who consumes them here.
 *
 * @param consumers   whether this process runs the platform's Tram consumers (the process managers); where they run,
 *                    the embedded relay runs too. On by default where the worker role is (they start workflows).
 * @param poolSize    JDBC connections for the relay and the consumers' transactions (Tram's duplicate detection)
 * @param relay       the embedded relay's settings
 */
@ConfigurationProperties("decidr.messaging")
public record MessagingProperties(
        @DefaultValue("true") boolean consumers,
        @DefaultValue("4") int poolSize,
        @DefaultValue Relay relay) {

    /**
     * @param batch      messages per transaction
     * @param poll       the longest an idle relay waits without a commit waking it
     * @param leaseTtl   how long the relay's lease lasts unrenewed (how soon another process takes over a dead one's)
     * @param maxBackoff the longest pause after failed deliveries
     * @param retention  how long published messages (and the consumers' "received" records) are kept
     */
    public record Relay(
            @DefaultValue("200") int batch,
            @DefaultValue("1s") Duration poll,
            @DefaultValue("15s") Duration leaseTtl,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("7d") Duration retention) {

        OutboxRelay.Settings settings() {
            return new OutboxRelay.Settings(batch, poll, leaseTtl, maxBackoff, retention);
        }
    }
}

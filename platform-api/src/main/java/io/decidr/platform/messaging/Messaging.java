package io.decidr.platform.messaging;

import io.decidr.messaging.consumer.TramConsumers;
import io.decidr.messaging.relay.OutboxRelay;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This process's consumers and relay: the relay starts after the Temporal workers (the handlers start workflows for
 * them) and stops before them, so a message is never taken while its handler cannot run; the consumers (and a Kafka
 * producer) close with it.
 */
public final class Messaging implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Messaging.class);

    private final TramConsumers consumers;
    private final Supplier<OutboxRelay> relays;
    private final String description;
    private final AutoCloseable sink;
    private volatile OutboxRelay relay;
    private volatile boolean running;

    /**
     * @param relays      a new relay for each start; null where this process relays nothing
     * @param description what runs, for the log
     * @param sink        closed last (a Kafka producer), or null
     */
    public Messaging(TramConsumers consumers, Supplier<OutboxRelay> relays, String description, AutoCloseable sink) {
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.relays = relays;
        this.description = Objects.requireNonNull(description, "description");
        this.sink = sink;
    }

    public TramConsumers consumers() {
        return consumers;
    }

    /** The relay while this process runs one; null otherwise. */
    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void start() {
        relay = relays == null ? null : relays.get().start();
        running = true;
        log.info("Messaging on: {}", description);
    }

    @Override
    public void stop() {
        OutboxRelay started = relay;
        if (started != null) {
            started.close();
        }
        relay = null;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** At the context's end: the consumers (leaving their Kafka groups), then the producer. */
    public void close() throws Exception {
        stop();
        consumers.close();
        if (sink != null) {
            sink.close();
        }
    }

    /** After the worker role (the default phase), before it when stopping. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}

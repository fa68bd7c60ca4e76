package io.decidr.platform.messaging;

import io.decidr.messaging.consumer.TramConsumers;
import io.decidr.messaging.relay.OutboxRelay;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The relay, started after the Temporal workers (the handlers start workflows for them) and stopped before them, so
 * a message is never taken while its handler cannot run.
 */
public final class Messaging implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Messaging.class);

    private final TramConsumers consumers;
    private final Supplier<OutboxRelay> relays;
    private volatile OutboxRelay relay;

    public Messaging(TramConsumers consumers, Supplier<OutboxRelay> relays) {
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.relays = Objects.requireNonNull(relays, "relays");
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
        relay = relays.get().start();
        log.info("Messaging on: the embedded relay hands the outbox to this process's Tram consumers");
    }

    @Override
    public void stop() {
        OutboxRelay running = relay;
        if (running != null) {
            running.close();
        }
        relay = null;
    }

    @Override
    public boolean isRunning() {
        return relay != null;
    }

    /** After the worker role (the default phase), before it when stopping. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}

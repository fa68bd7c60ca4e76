package io.decidr.platform.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code decidr.eventstore.xmin.age} (gauge, seconds): how long the oldest transaction that wrote something is open in
 * the PostgreSQL cluster. Readers of {@code $all} read only what committed below every open writer's transaction (so they
 * never skip an event still being committed): while one stays open, projectors and jobs listing the log wait behind it,
 * whatever the database it writes to. {@code decidr.outbox.pending} (gauge): integration messages not yet relayed, and
 * {@code decidr.outbox.oldest.age} (gauge, seconds): how long the oldest of them has waited (0 when none): what stands
 * between a write and its subscribers. Measured in the background every {@code decidr.projections.metrics-interval}.
 */
@Component
public class EventStoreMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreMetrics.class);

    /* only transactions with an id (they wrote) hold $all back; this query's own has none */
    private static final String OLDEST_WRITER = """
            SELECT coalesce(extract(epoch FROM now() - min(xact_start)), 0)::float8 AS age
            FROM pg_stat_activity WHERE backend_xid IS NOT NULL
            """;

    private final ConnectionFactory connections;
    private final Duration interval;
    /* the unpublished messages (Tram's index on (published, id) serves it); creation_time is in milliseconds */
    private static final String OUTBOX = """
            SELECT count(*)::float8 AS pending,
                   coalesce(extract(epoch FROM now()) - min(creation_time) / 1000.0, 0)::float8 AS oldest
            FROM eventuate.message WHERE published = 0
            """;

    private final AtomicReference<Double> age = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> pending = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> oldest = new AtomicReference<>(Double.NaN);
    private volatile Disposable measuring;

    private final boolean outbox;

    /**
     * @param relayed whether the platform's relay publishes the outbox (it marks what it published); not where
     *                Eventuate's CDC service reads the WAL, which marks nothing: the outbox meters would count every
     *                message ever written, so they are not shown there
     */
    public EventStoreMetrics(ConnectionFactory connections, MeterRegistry registry,
            @Value("${decidr.projections.metrics-interval:5s}") Duration interval,
            @Value("${decidr.messaging.relay.enabled:true}") boolean relayed) {
        this.connections = connections;
        this.interval = interval;
        this.outbox = relayed;
        Gauge.builder("decidr.eventstore.xmin.age", age, AtomicReference::get)
                .description("how long the oldest open writing transaction holds the readers of $all back")
                .baseUnit("seconds")
                .register(registry);
        if (outbox) {
            Gauge.builder("decidr.outbox.pending", pending, AtomicReference::get)
                    .description("integration messages in the outbox not yet relayed")
                    .register(registry);
            Gauge.builder("decidr.outbox.oldest.age", oldest, AtomicReference::get)
                    .description("how long the oldest integration message not yet relayed has waited")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    @Override
    public void start() {
        measuring = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.usingWhen(connections.create(),
                                c -> Flux.from(c.createStatement(OLDEST_WRITER).execute())
                                        .flatMap(result -> result.map(row -> row.get("age", Double.class))),
                                Connection::close)
                        .next()
                        .doOnNext(age::set)
                        .then(!outbox ? Mono.empty() : Flux.usingWhen(connections.create(),
                                        c -> Flux.from(c.createStatement(OUTBOX).execute())
                                                .flatMap(result -> result.map(row -> {
                                                    pending.set(row.get("pending", Double.class));
                                                    oldest.set(row.get("oldest", Double.class));
                                                    return 1;
                                                })),
                                        Connection::close)
                                .then())
                        .onErrorResume(e -> {
                            log.debug("could not measure the oldest writing transaction or the outbox: {}", e.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (measuring != null) {
            measuring.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return measuring != null && !measuring.isDisposed();
    }
}

package io.decidr.messaging.relay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.messaging.consumer.KafkaTransport;
import io.decidr.messaging.consumer.TramConsumers;
import io.decidr.messaging.contract.EntityEvents;
import io.decidr.messaging.contract.IntegrationEventTypes;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a process that relays and consumes runs, as the platform wires it: the relay hands the outbox's messages to
 * this process's Tram consumers, whose one subscriber records each {@code entity.value-set.v1} as a row of
 * {@code effects}, in the handler's transaction (so together with Tram's "received" record).
 */
final class RelayStack implements AutoCloseable {

    static final String SUBSCRIBER = "effects";

    /** The effects' table, made once per database. */
    static final String EFFECTS_TABLE = """
            CREATE TABLE IF NOT EXISTS effects (
                seq_no     bigserial PRIMARY KEY,
                message_id text NOT NULL,
                entity_id  text NOT NULL,
                value      int  NOT NULL
            )
            """;

    final HikariDataSource data;
    final ConnectionPool pool;
    final EventNotifications notifications;
    final TramConsumers consumers;
    final OutboxRelay relay;
    private final KafkaSink kafka;

    /**
     * The embedded path: the relay hands messages to this process's consumers.
     *
     * @param beforeEffect runs in the handler before it writes (a test may make it fail)
     */
    RelayStack(TestPostgres.Database database, String holder, OutboxRelay.Settings settings,
            Consumer<EntityEvents.ValueSet> beforeEffect) {
        this(database, holder, settings, beforeEffect, null);
    }

    /**
     * @param bootstrapServers the Kafka path when not null: the relay publishes to these brokers, and the consumers are
     *                         Tram's Kafka consumers
     */
    RelayStack(TestPostgres.Database database, String holder, OutboxRelay.Settings settings,
            Consumer<EntityEvents.ValueSet> beforeEffect, String bootstrapServers) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(TestPostgres.Database.USER);
        config.setPassword(TestPostgres.Database.PASSWORD);
        config.setMaximumPoolSize(4);
        config.setPoolName("relay-" + holder);
        data = new HikariDataSource(config);
        pool = database.pool(2);
        notifications = new EventNotifications(database.connectionFactory());
        LocalSubscribers subscribers = new LocalSubscribers();
        kafka = bootstrapServers == null ? null
                : new KafkaSink(bootstrapServers, Duration.ofSeconds(10), Map.of());
        consumers = bootstrapServers == null ? new TramConsumers(data, subscribers)
                : new TramConsumers(data, KafkaTransport.consumer(bootstrapServers, Duration.ofMillis(100), Map.of()),
                        settings.maxBackoff());
        consumers.subscribe(SUBSCRIBER, DomainEventHandlersBuilder.forAggregateType(IntegrationEventTypes.ENTITY)
                .onEvent(EntityEvents.ValueSet.class, envelope -> {
                    EntityEvents.ValueSet event = envelope.getEvent();
                    beforeEffect.accept(event);
                    consumers.jdbc().update("INSERT INTO effects (message_id, entity_id, value) VALUES (?, ?, ?)",
                            envelope.getEventId(), event.entityId(), Integer.parseInt(event.value().value()));
                })
                .build());
        relay = new OutboxRelay(data, holder, settings, kafka == null ? subscribers : kafka,
                Wakeup.of(notifications)).start();
    }

    static OutboxRelay.Settings quick(Duration standbyPoll) {
        return new OutboxRelay.Settings(50, Duration.ofMillis(500), standbyPoll, Duration.ofMillis(400),
                Duration.ofDays(7));
    }

    @Override
    public void close() {
        relay.close();
        consumers.close();
        if (kafka != null) {
            kafka.close();
        }
        notifications.close();
        pool.dispose();
        data.close();
    }
}

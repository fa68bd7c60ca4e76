package io.decidr.platform.messaging;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.OpenJobs;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.messaging.consumer.KafkaTransport;
import io.decidr.messaging.consumer.TramConsumers;
import io.decidr.messaging.outbox.PersonalPayloads;
import io.decidr.messaging.relay.KafkaSink;
import io.decidr.messaging.relay.LocalSubscribers;
import io.decidr.messaging.relay.MessageSink;
import io.decidr.messaging.relay.OpeningSink;
import io.decidr.messaging.relay.OutboxRelay;
import io.decidr.messaging.relay.Wakeup;
import io.decidr.messaging.webhooks.WebhookSubscriber;
import io.decidr.platform.config.EventStoreConfiguration.EventStoreSchema;
import io.decidr.platform.config.LeaseHolders;
import io.decidr.platform.personal.ErasureFollowUp;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.reactions.ProcessManagers;
import io.decidr.workflows.reactions.ReactionActivitiesImpl;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Integration events out of the outbox: the relay hands them to this process's Tram consumers (the process managers
 * among them), or publishes them to Kafka, whose Tram consumers hand them on ({@code decidr.messaging.transport}). They
 * run where the worker role runs ({@code decidr.messaging.consumers}, default on), on a JDBC pool of their own (Tram's
 * consumer side is JDBC: its duplicate detection and the handlers' effects commit together); the webhooks' subscriber
 * among them where webhooks are on. The relay holds a
 * PostgreSQL advisory lock: one process relays at a time.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingConfiguration {

    /** The process managers' steps (a Spring bean the sagas' worker names in application.yml). */
    @Bean
    ReactionActivitiesImpl reactionActivities(EntityHandler entities, EventLog events, CollectionMembership members,
            OpenJobs open, ComputeJobClient jobs) {
        return new ReactionActivitiesImpl(entities, events, members, open, jobs);
    }

    @Bean
    ProcessManagers processManagers(WorkflowClient client) {
        return new ProcessManagers(client);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${decidr.messaging.consumers:true} and ${decidr.roles.worker.enabled:true}")
    HikariDataSource messagingDataSource(R2dbcProperties r2dbc, MessagingProperties messaging, EventStoreSchema schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(schema.jdbcUrl());
        config.setUsername(r2dbc.getUsername());
        config.setPassword(r2dbc.getPassword());
        config.setMaximumPoolSize(messaging.poolSize());
        config.setMinimumIdle(1);
        config.setPoolName("messaging");
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${decidr.messaging.consumers:true} and ${decidr.roles.worker.enabled:true}")
    Messaging messaging(HikariDataSource messagingDataSource, MessagingProperties messaging,
            EventNotifications notifications, ProcessManagers processManagers, MeterRegistry meters,
            ObjectProvider<WebhookSubscriber> webhooks, PersonalKeys personalKeys, PersonalPayloads payloads) {
        boolean kafka = messaging.transport() == MessagingProperties.Transport.KAFKA;
        MessagingProperties.Kafka brokers = messaging.kafka();
        if (kafka && brokers.bootstrapServers().isBlank()) {
            throw new IllegalStateException("decidr.messaging.transport is kafka but decidr.messaging.kafka."
                    + "bootstrap-servers names no broker");
        }
        LocalSubscribers subscribers = new LocalSubscribers();
        TramConsumers consumers = kafka
                ? new TramConsumers(messagingDataSource,
                        KafkaTransport.consumer(brokers.bootstrapServers(), brokers.pollTimeout(), brokers.consumer()),
                        messaging.relay().maxBackoff())
                : new TramConsumers(messagingDataSource, subscribers);
        consumers.subscribe(ProcessManagers.SUBSCRIBER, processManagers.handlers());
        consumers.subscribe(ErasureFollowUp.SUBSCRIBER, new ErasureFollowUp(personalKeys).handlers());
        webhooks.ifAvailable(subscriber ->
                consumers.subscribe(WebhookSubscriber.SUBSCRIBER, subscriber.handlers(), subscriber.concerns()));
        KafkaSink producer = kafka && messaging.relay().enabled()
                ? new KafkaSink(brokers.bootstrapServers(), brokers.sendTimeout(), Map.copyOf(brokers.producer()))
                : null;
        // the broker is where messages leave: personal values are opened (or withheld) on the way; this process's own
        // consumers get them sealed (webhooks open them as they send)
        MessageSink sink = kafka ? (producer == null ? null : new OpeningSink(producer, payloads)) : subscribers;
        Supplier<OutboxRelay> relays = messaging.relay().enabled()
                ? () -> new OutboxRelay(messagingDataSource, LeaseHolders.unique(), messaging.relay().settings(), sink,
                        Wakeup.of(notifications))
                : null;
        String description = (kafka ? "Tram's Kafka consumers on " + brokers.bootstrapServers()
                : "this process's Tram consumers") + (relays == null ? ", no relay (Tram's CDC service relays)"
                : kafka ? ", the relay publishing the outbox to Kafka" : ", the embedded relay handing them the outbox");
        Messaging running = new Messaging(consumers, relays, description, producer);
        FunctionCounter.builder("decidr.outbox.relayed", running,
                        m -> m.relay() == null ? 0 : m.relay().relayed())
                .description("integration messages this process relayed to its consumers")
                .register(meters);
        Gauge.builder("decidr.outbox.relay.leading", running,
                        m -> m.relay() != null && m.relay().leading() ? 1 : 0)
                .description("1 while this process holds the relay's lease")
                .register(meters);
        return running;
    }
}

package io.decidr.platform.config;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandTracing;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.PostgresCollectionMembership;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.messaging.outbox.DomainPublications;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the event store to the PostgreSQL named by the standard {@code spring.r2dbc.*} properties
 * (the pooled {@link ConnectionFactory} is Spring Boot's), once its schema is current ({@link SchemaMigrations}).
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /**
     * Migrations run (or, with {@code decidr.migrations.mode=skip}, are checked) over JDBC before anything touches
     * the store; the url follows the r2dbc one.
     */
    @Bean
    EventStoreSchema eventStoreSchema(R2dbcProperties r2dbc, MigrationsProperties migrations) {
        SchemaMigrations.eventStore(r2dbc, migrations.mode());
        return new EventStoreSchema(SchemaMigrations.jdbcUrl(r2dbc));
    }

    @Bean
    PostgresEventStore eventStore(ConnectionFactory connectionFactory, EventStoreSchema schema) {
        return new PostgresEventStore(connectionFactory);
    }

    /** The entities of a collection as the log lists them (the archive saga's). */
    @Bean
    CollectionMembership collectionMembership(ConnectionFactory connectionFactory, EventStoreSchema schema) {
        return new PostgresCollectionMembership(connectionFactory);
    }

    /**
     * Follows announced tenant and collection changes, so that their look-ups are served from its cache; its meters
     * are {@link CommandMetrics}. Every append writes the integration messages its events publish to the outbox
     * ({@link DomainPublications}).
     */
    @Bean
    CommandBus commandBus(PostgresEventStore store, CommandProperties properties, EventNotifications notifications,
            MeterRegistry meters, CommandTracing tracing, PersonalKeys personalKeys) {
        CommandBus bus = new CommandBus(store, properties.settings(), new CommandMetrics(meters), tracing,
                new DomainPublications(), personalKeys);
        bus.follow(notifications.streamChanges());
        return bus;
    }

    /** LISTEN needs a connection of its own, outside the pool. */
    @Bean(destroyMethod = "close")
    EventNotifications eventNotifications(R2dbcProperties r2dbc, EventStoreSchema schema) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(
                        r2dbc.getUrl().replaceFirst("^r2dbc:pool:", "r2dbc:"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, r2dbc.getUsername())
                .option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword())
                .build();
        return new EventNotifications((PostgresqlConnectionFactory) ConnectionFactories.get(options));
    }

    @Bean
    AllEventsFeed allEventsFeed(PostgresEventStore store, EventNotifications notifications) {
        return new AllEventsFeed(store, notifications);
    }

    /** Marks that the event store's schema is current; beans that use the store depend on it. */
    public record EventStoreSchema(String jdbcUrl) {
    }
}

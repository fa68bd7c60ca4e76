package io.decidr.messaging.webhooks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.messaging.consumer.TramConsumers;
import io.decidr.messaging.relay.LocalSubscribers;
import io.decidr.messaging.relay.OutboxRelay;
import io.decidr.messaging.relay.Wakeup;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the platform's worker runs for webhooks, wired as the platform does: the embedded relay hands the outbox to
 * Tram's consumers, whose webhook subscriber enqueues deliveries; the dispatcher sends them to a receiver on loopback
 * (allowed here by the policy, as a test configuration would).
 */
final class WebhookStack implements AutoCloseable {

    final HikariDataSource data;
    final EventNotifications notifications;
    final TramConsumers consumers;
    final OutboxRelay relay;
    final WebhookStore store;
    final WebhookSubscriber subscriber;
    final WebhookDispatcher dispatcher;
    /** A second dispatcher on the same database, as another worker replica runs it (when asked for). */
    final WebhookDispatcher other;
    final WebhookAdmin admin;
    /** Tenants the admin service takes for suspended. */
    static final Set<UUID> SUSPENDED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    WebhookStack(TestPostgres.Database database, Duration giveUpAfter, EndpointPolicy sendingPolicy) {
        this(database, giveUpAfter, sendingPolicy, false);
    }

    WebhookStack(TestPostgres.Database database, Duration giveUpAfter, EndpointPolicy sendingPolicy,
            boolean twoDispatchers) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(TestPostgres.Database.USER);
        config.setPassword(TestPostgres.Database.PASSWORD);
        config.setMaximumPoolSize(6);
        config.setPoolName("webhooks-test");
        data = new HikariDataSource(config);
        notifications = new EventNotifications(database.connectionFactory());
        store = new WebhookStore(data);
        EndpointPolicy policy = loopbackAllowed();
        WebhookDispatcher.Settings settings = new WebhookDispatcher.Settings(4, 3, Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(400),
                giveUpAfter, Duration.ofDays(7));
        dispatcher = new WebhookDispatcher(store, sendingPolicy == null ? policy : sendingPolicy, settings);
        other = twoDispatchers
                ? new WebhookDispatcher(new WebhookStore(data), sendingPolicy == null ? policy : sendingPolicy, settings)
                : null;
        LocalSubscribers subscribers = new LocalSubscribers();
        consumers = new TramConsumers(data, subscribers);
        subscriber = new WebhookSubscriber(store, consumers.jdbc(), dispatcher::wake, Duration.ofMillis(100));
        consumers.subscribe(WebhookSubscriber.SUBSCRIBER, subscriber.handlers(), subscriber.concerns());
        admin = new WebhookAdmin(store, policy, 5, subscriber.visibleWithin(), subscriber::refreshNow,
                requester -> SUSPENDED.contains(requester.tenant().value()));
        relay = new OutboxRelay(data, "webhooks-" + UUID.randomUUID(), new OutboxRelay.Settings(50,
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofDays(7)),
                subscribers, Wakeup.of(notifications)).start();
        dispatcher.start();
        if (other != null) {
            other.start();
        }
    }

    /** Plain http to loopback allowed (the receiver), the platform's (made-up) port 1 refused. */
    static EndpointPolicy loopbackAllowed() {
        return new EndpointPolicy(new EndpointPolicy.Settings(true, List.of("127.0.0.0/8"), Set.of(1), Set.of()));
    }

    static Requester admin(UUID tenant) {
        return new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN)));
    }

    static Requester member(UUID tenant) {
        return new Requester(new TenantId(tenant), new Actor(new UserId("max"), Set.of(Role.MEMBER)));
    }

    @Override
    public void close() {
        dispatcher.close();
        if (other != null) {
            other.close();
        }
        subscriber.close();
        relay.close();
        consumers.close();
        notifications.close();
        data.close();
    }
}

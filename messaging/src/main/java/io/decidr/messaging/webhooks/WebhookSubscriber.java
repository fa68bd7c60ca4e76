package io.decidr.messaging.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.messaging.contract.IntegrationEventTypes;
import io.decidr.messaging.outbox.PersonalPayloads;
import io.eventuate.tram.events.common.DomainEvent;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import io.eventuate.tram.messaging.common.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Tram subscriber {@value #SUBSCRIBER}: each integration event becomes one delivery per endpoint of its tenant
 * subscribed to its type, enqueued in the handler's transaction (with Tram's "received" record: a redelivered message
 * enqueues nothing more). Messages of tenants without webhooks are skipped before that transaction: which tenants have
 * any is read again every {@code refresh} on a thread of its own (the consumer never waits for it). While the last
 * successful read is older than {@link #visibleWithin()}, nothing is skipped (the set could be stale), so an endpoint
 * created that long ago receives every event consumed from then on: {@link WebhookAdmin} answers a creation only then.
 *
 * <p>The body is the event as published, in an envelope: {@code {"id", "type", "occurredAt", "tenantId",
 * "aggregateType", "aggregateId", "data"}}; {@code id} (the message id) is the same on every retry and replay.
 */
public final class WebhookSubscriber implements AutoCloseable {

    public static final String SUBSCRIBER = "decidr-webhooks";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriber.class);

    /** The tenants with webhooks, and when the read that found them began. */
    private record Tenants(Set<UUID> ids, long readAt) {
    }

    private final WebhookStore store;
    private final PersonalPayloads payloads;
    private final JdbcTemplate handlerJdbc;
    private final Runnable enqueued;
    private final Duration refresh;
    private final ScheduledExecutorService reader;
    private volatile Tenants tenants;

    /**
     * @param handlerJdbc writes in the handler's transaction ({@code TramConsumers.jdbc()}, or a template on the same
     *                    data source)
     * @param enqueued    called after a commit that enqueued deliveries (wakes this process's dispatcher)
     * @param refresh     how often the tenants with webhooks are read
     */
    public WebhookSubscriber(WebhookStore store, JdbcTemplate handlerJdbc, Runnable enqueued, Duration refresh) {
        this(store, handlerJdbc, enqueued, refresh, PersonalPayloads.WITHHOLDING);
    }

    /**
     * @param payloads seals again the personal values of a message that came opened (through a broker): a delivery
     *                 keeps them sealed until it is sent
     */
    public WebhookSubscriber(WebhookStore store, JdbcTemplate handlerJdbc, Runnable enqueued, Duration refresh,
            PersonalPayloads payloads) {
        this.payloads = payloads;
        this.store = store;
        this.handlerJdbc = handlerJdbc;
        this.enqueued = enqueued;
        this.refresh = refresh;
        this.reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webhook-tenants").daemon().factory());
        readTenants();
        reader.scheduleWithFixedDelay(this::readTenants, refresh.toMillis(), refresh.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * How long after its creation an endpoint receives every event consumed here: a read of the tenants must have
     * begun after the creation, and a read older than this is not trusted.
     */
    public Duration visibleWithin() {
        return refresh.multipliedBy(2);
    }

    /** A handler for every published type. */
    public DomainEventHandlers handlers() {
        DomainEventHandlersBuilder builder = null;
        for (String channel : IntegrationEventTypes.CHANNELS.stream().sorted().toList()) {
            builder = builder == null ? DomainEventHandlersBuilder.forAggregateType(channel)
                    : builder.andForAggregateType(channel);
            for (String name : IntegrationEventTypes.names().stream().sorted().toList()) {
                IntegrationEventTypes.Type type = IntegrationEventTypes.named(name);
                if (type.channel().equals(channel)) {
                    builder = on(builder, type.contract());
                }
            }
        }
        return builder.build();
    }

    private <E extends DomainEvent> DomainEventHandlersBuilder on(DomainEventHandlersBuilder builder,
            Class<E> contract) {
        Consumer<DomainEventEnvelope<E>> handler = this::handle;
        return builder.onEvent(contract, handler);
    }

    /**
     * Whether a message's tenant may have webhooks (read before Tram's duplicate detection): yes when it has, and
     * when the last read is too old to say.
     */
    public Predicate<Message> concerns() {
        return message -> {
            Tenants known = tenants;
            if (known == null || System.nanoTime() - known.readAt() > visibleWithin().toNanos()) {
                return true;
            }
            UUID tenant = tenantOf(message.getPayload());
            return tenant == null || known.ids().contains(tenant);
        };
    }

    /** Reads the tenants with webhooks again now (one was just created in this process). */
    public void refreshNow() {
        reader.execute(this::readTenants);
    }

    private void readTenants() {
        long started = System.nanoTime();
        try {
            tenants = new Tenants(Set.copyOf(store.tenantsWithWebhooks()), started);
        } catch (RuntimeException e) {
            // until a read succeeds again (and then only), every message goes through the handler
            log.warn("tenants with webhooks could not be read: {}", e.toString());
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }

    private <E extends DomainEvent> void handle(DomainEventEnvelope<E> envelope) {
        Message message = envelope.getMessage();
        IntegrationEventTypes.Type type = IntegrationEventTypes.of(envelope.getEvent().getClass());
        UUID tenant = tenantOf(message.getPayload());
        if (tenant == null) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", message.getId());
        body.put("type", type.name());
        body.put("occurredAt", occurredAt(message));
        body.put("tenantId", tenant.toString());
        body.put("aggregateType", type.channel());
        body.put("aggregateId", envelope.getAggregateId());
        body.set("data", tree(payloads.sealAgain(message.getPayload())));
        String prefix = type.name().substring(0, type.name().indexOf('.'));
        int added = WebhookStore.enqueue(handlerJdbc, tenant, message.getId(), type.name(), prefix,
                envelope.getAggregateId(), body.toString());
        if (added > 0 && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enqueued.run();
                }
            });
        } else if (added > 0) {
            enqueued.run();
        }
    }

    private static UUID tenantOf(String payload) {
        JsonNode tenant = tree(payload).get("tenantId");
        if (tenant == null || !tenant.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(tenant.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The message's {@code DATE} header (RFC 1123) as ISO-8601; now when it has none. */
    private static String occurredAt(Message message) {
        return message.getHeader("DATE").map(date -> {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toString();
            } catch (DateTimeParseException e) {
                return null;
            }
        }).orElseGet(() -> Instant.now().toString());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("an integration message's payload is not JSON", e);
        }
    }
}

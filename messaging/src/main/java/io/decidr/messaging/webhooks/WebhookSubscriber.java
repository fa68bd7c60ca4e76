package io.decidr.messaging.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.messaging.contract.IntegrationEventTypes;
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
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Tram subscriber {@value #SUBSCRIBER}: each integration event becomes one delivery per endpoint of its tenant
 * subscribed to its type, enqueued in the handler's transaction (with Tram's "received" record: a redelivered message
 * enqueues nothing more). Messages of tenants without webhooks are skipped before that transaction; which tenants
 * have any is read again every {@code refresh}, so an endpoint receives the events consumed from at most that long
 * after its creation.
 *
 * <p>The body is the event as published, in an envelope: {@code {"id", "type", "occurredAt", "tenantId",
 * "aggregateType", "aggregateId", "data"}}; {@code id} (the message id) is the same on every retry and replay.
 */
public final class WebhookSubscriber {

    public static final String SUBSCRIBER = "decidr-webhooks";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookStore store;
    private final JdbcTemplate handlerJdbc;
    private final Runnable enqueued;
    private final Duration refresh;
    private volatile Set<UUID> tenants = Set.of();
    private volatile long readAt;

    /**
     * @param handlerJdbc writes in the handler's transaction ({@code TramConsumers.jdbc()})
     * @param enqueued    called after a commit that enqueued deliveries (wakes this process's dispatcher)
     */
    public WebhookSubscriber(WebhookStore store, JdbcTemplate handlerJdbc, Runnable enqueued, Duration refresh) {
        this.store = store;
        this.handlerJdbc = handlerJdbc;
        this.enqueued = enqueued;
        this.refresh = refresh;
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

    /** Whether a message's tenant has webhooks at all (read before Tram's duplicate detection). */
    public Predicate<Message> concerns() {
        return message -> {
            UUID tenant = tenantOf(message.getPayload());
            return tenant != null && tenantsWithWebhooks().contains(tenant);
        };
    }

    /** Forgets which tenants have webhooks (one was just created here). */
    public void refreshNow() {
        readAt = 0;
    }

    private Set<UUID> tenantsWithWebhooks() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > refresh.toNanos()) {
            tenants = Set.copyOf(store.tenantsWithWebhooks());
            readAt = now == 0 ? 1 : now;
        }
        return tenants;
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
        body.set("data", tree(message.getPayload()));
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

package io.decidr.messaging.consumer;

import io.decidr.messaging.contract.IntegrationEventTypes;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.events.common.EventMessageHeaders;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.consumer.BuiltInMessageHandlerDecoratorOrder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Skips, before Tram's duplicate detection, the messages a subscriber has no handler for: a subscriber receives every
 * message of its channels (e.g. every {@code entity.*} for the one handler of {@code entity.archived.v1}), and
 * recording each of those as received would cost a database transaction per event written. A subscriber may also say
 * which of its messages concern it (the webhooks: only tenants that have any). Skipped messages are acknowledged like
 * handled ones.
 */
final class UnhandledMessages implements MessageHandlerDecorator {

    /** Per subscriber: its handlers' aggregate types and published event types, as "type|name". */
    private final Map<String, Set<String>> handled = new ConcurrentHashMap<>();

    /** Per subscriber that has one: which of its handled messages concern it at all (e.g. tenants with webhooks). */
    private final Map<String, Predicate<Message>> relevant = new ConcurrentHashMap<>();

    void subscribed(String subscriberId, DomainEventHandlers handlers, Predicate<Message> concerns) {
        handled.put(subscriberId, handlers.getHandlers().stream()
                .map(handler -> key(handler.getAggregateType(), IntegrationEventTypes.of(handler.getEventClass()).name()))
                .collect(Collectors.toUnmodifiableSet()));
        if (concerns != null) {
            relevant.put(subscriberId, concerns);
        }
    }

    @Override
    public void accept(SubscriberIdAndMessage message, MessageHandlerDecoratorChain chain) {
        Set<String> wanted = handled.get(message.getSubscriberId());
        if (wanted != null) {
            String type = message.getMessage().getHeader(EventMessageHeaders.AGGREGATE_TYPE).orElse("");
            String name = message.getMessage().getHeader(EventMessageHeaders.EVENT_TYPE).orElse("");
            if (!wanted.contains(key(type, name))) {
                return;
            }
        }
        Predicate<Message> concerns = relevant.get(message.getSubscriberId());
        if (concerns != null && !concerns.test(message.getMessage())) {
            return;
        }
        chain.invokeNext(message);
    }

    @Override
    public int getOrder() {
        return BuiltInMessageHandlerDecoratorOrder.DUPLICATE_DETECTING_MESSAGE_HANDLER_DECORATOR - 1;
    }

    private static String key(String aggregateType, String eventType) {
        return aggregateType + "|" + eventType;
    }
}

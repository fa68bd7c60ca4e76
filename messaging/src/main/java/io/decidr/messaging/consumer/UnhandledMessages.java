package io.decidr.messaging.consumer;

import io.decidr.messaging.contract.IntegrationEventTypes;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.events.common.EventMessageHeaders;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.consumer.BuiltInMessageHandlerDecoratorOrder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Skips, before Tram's duplicate detection, the messages a subscriber has no handler for: a subscriber receives every
 * message of its channels (e.g. every {@code entity.*} for the one handler of {@code entity.archived.v1}), and
 * recording each of those as received would cost a database transaction per event written. Skipped messages are
 * acknowledged like handled ones.
 */
final class UnhandledMessages implements MessageHandlerDecorator {

    /** Per subscriber: its handlers' aggregate types and published event types, as "type|name". */
    private final Map<String, Set<String>> handled = new ConcurrentHashMap<>();

    void subscribed(String subscriberId, DomainEventHandlers handlers) {
        handled.put(subscriberId, handlers.getHandlers().stream()
                .map(handler -> key(handler.getAggregateType(), IntegrationEventTypes.of(handler.getEventClass()).name()))
                .collect(Collectors.toUnmodifiableSet()));
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

package io.decidr.messaging.relay;

import io.eventuate.tram.consumer.common.MessageConsumerImplementation;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageImpl;
import io.eventuate.tram.messaging.consumer.MessageHandler;
import io.eventuate.tram.messaging.consumer.MessageSubscription;
import java.util.HashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consumers of this process, as Tram's consumer side sees a broker: Tram's {@code MessageConsumerImpl} subscribes
 * its (duplicate-detecting) handlers here, and the {@link OutboxRelay} delivers each outbox message to every handler
 * subscribed to its channel, in order. A handler's failure fails the delivery, so the relay offers the message again;
 * the handlers that had already taken it then see a duplicate and skip it.
 */
public final class LocalSubscribers implements MessageConsumerImplementation, MessageSink {

    private final String id = UUID.randomUUID().toString();
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private record Subscription(String subscriberId, Set<String> channels, MessageHandler handler) {
    }

    @Override
    public MessageSubscription subscribe(String subscriberId, Set<String> channels, MessageHandler handler) {
        Subscription subscription = new Subscription(subscriberId, Set.copyOf(channels), handler);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    @Override
    public void deliver(Message message) {
        String channel = message.getRequiredHeader(Message.DESTINATION);
        for (Subscription subscription : subscriptions) {
            if (subscription.channels().contains(channel)) {
                // a copy each: Tram's dispatcher rewrites headers of the message it is handed
                subscription.handler().accept(
                        new MessageImpl(message.getPayload(), new HashMap<>(message.getHeaders())));
            }
        }
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        subscriptions.clear();
    }
}

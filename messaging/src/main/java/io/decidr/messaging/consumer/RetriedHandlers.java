package io.decidr.messaging.consumer;

import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.MessageImpl;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.consumer.BuiltInMessageHandlerDecoratorOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a failing handler again, with a growing pause, instead of letting the failure reach Tram's Kafka consumer,
 * which would stop the subscription for good: a handler fails on what passes (Temporal or the database unreachable),
 * and its partition waits for it, in order, as the embedded relay waits. Each try is a new transaction of Tram's
 * duplicate detection (this runs outside it). Stops trying when the consumer's thread is interrupted (it stops).
 */
final class RetriedHandlers implements MessageHandlerDecorator {

    private static final Logger log = LoggerFactory.getLogger(RetriedHandlers.class);

    private final Duration maxBackoff;

    RetriedHandlers(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void accept(SubscriberIdAndMessage message, MessageHandlerDecoratorChain chain) {
        // each try gets the message as it came: Tram's dispatcher rewrites its event-type header
        String payload = message.getMessage().getPayload();
        Map<String, String> headers = Map.copyOf(message.getMessage().getHeaders());
        for (int attempt = 1; ; attempt++) {
            try {
                chain.invokeNext(new SubscriberIdAndMessage(message.getSubscriberId(),
                        new MessageImpl(payload, new HashMap<>(headers))));
                return;
            } catch (RuntimeException e) {
                long pause = Math.min(maxBackoff.toMillis(), 100L << Math.min(attempt - 1, 16));
                log.warn("{} failed on message {} (attempt {}): {}; again in {} ms", message.getSubscriberId(),
                        message.getMessage().getId(), attempt, e.toString(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Outermost: around the filter of unhandled messages and the duplicate detection. */
    @Override
    public int getOrder() {
        return BuiltInMessageHandlerDecoratorOrder.DUPLICATE_DETECTING_MESSAGE_HANDLER_DECORATOR - 2;
    }
}

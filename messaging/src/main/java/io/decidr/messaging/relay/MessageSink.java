package io.decidr.messaging.relay;

import io.eventuate.tram.messaging.common.Message;

/** Where the {@link OutboxRelay} hands each message, in outbox order: this process's consumers, or a broker. */
public interface MessageSink {

    /**
     * Delivers one message; returns once it is delivered for good (handled, or acknowledged by the broker). A failure
     * stops the relay at this message: it and every later one are offered again after a pause.
     */
    void deliver(Message message);
}

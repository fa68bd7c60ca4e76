package io.decidr.messaging.relay;

import io.eventuate.tram.messaging.common.Message;
import java.util.List;

/** Where the {@link OutboxRelay} hands each message, in outbox order: this process's consumers, or a broker. */
public interface MessageSink {

    /**
     * Delivers one message; returns once it is delivered for good (handled, or acknowledged by the broker). A failure
     * stops the relay at this message: it and every later one are offered again after a pause.
     */
    void deliver(Message message);

    /**
     * Delivers a batch in order (a broker may take it all at once): how many of its first messages were delivered for
     * good, and the failure that stopped it there, if any.
     */
    default Delivered deliverAll(List<Message> messages) {
        for (int i = 0; i < messages.size(); i++) {
            try {
                deliver(messages.get(i));
            } catch (RuntimeException e) {
                return new Delivered(i, e);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Error e) {
                // a handler's assertion, stack overflow or missing class: a failure like any other, retried with
                // backoff, rather than the end of the relay's thread (which would leave this process relaying nothing)
                return new Delivered(i, new IllegalStateException("a handler failed: " + e, e));
            }
        }
        return new Delivered(messages.size(), null);
    }

    /**
     * @param count   the messages at the batch's start delivered for good
     * @param failure why the next one was not; null when all were
     */
    record Delivered(int count, RuntimeException failure) {
    }
}

package io.decidr.messaging.relay;

import io.decidr.messaging.outbox.PersonalPayloads;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sink whose messages leave the platform (a broker): each is handed on with its personal values opened or withheld
 * as {@link PersonalPayloads} decides at that moment. One whose keys cannot be read now stops the batch there (it is
 * offered again), as a broker that does not answer would.
 */
public final class OpeningSink implements MessageSink {

    private final MessageSink delegate;
    private final PersonalPayloads payloads;

    public OpeningSink(MessageSink delegate, PersonalPayloads payloads) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
    }

    @Override
    public void deliver(Message message) {
        delegate.deliver(opened(message));
    }

    @Override
    public Delivered deliverAll(List<Message> messages) {
        List<Message> opened = new ArrayList<>(messages.size());
        RuntimeException stopped = null;
        for (Message message : messages) {
            try {
                opened.add(opened(message));
            } catch (RuntimeException e) {
                stopped = e;
                break;
            }
        }
        Delivered delivered = opened.isEmpty() ? new Delivered(0, null) : delegate.deliverAll(opened);
        if (delivered.failure() == null && stopped != null) {
            return new Delivered(delivered.count(), stopped);
        }
        return delivered;
    }

    private Message opened(Message message) {
        String payload = message.getPayload();
        String opened = payloads.open(payload);
        return opened.equals(payload) ? message : new MessageImpl(opened, message.getHeaders());
    }
}

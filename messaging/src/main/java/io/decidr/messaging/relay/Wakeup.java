package io.decidr.messaging.relay;

import io.decidr.eventstore.feed.EventNotifications;
import java.time.Duration;

/** What wakes an idle relay: a commit that may have written messages, or the poll interval. */
public interface Wakeup {

    /** A counter that moves whenever events (and so messages) may have been committed. */
    long generation();

    /** Waits until the counter differs from {@code seen}, or {@code atMost}. */
    void await(long seen, Duration atMost) throws InterruptedException;

    /** Woken by the event store's notifications (messages commit with their events). */
    static Wakeup of(EventNotifications notifications) {
        return new Wakeup() {
            @Override
            public long generation() {
                return notifications.generation();
            }

            @Override
            public void await(long seen, Duration atMost) {
                notifications.awaitChange(seen, atMost).block();
            }
        };
    }

    /** Polling only: every wait lasts the interval. */
    static Wakeup polling() {
        return new Wakeup() {
            @Override
            public long generation() {
                return 0;
            }

            @Override
            public void await(long seen, Duration atMost) throws InterruptedException {
                Thread.sleep(atMost.toMillis());
            }
        };
    }
}

package io.decidr.messaging.relay;

import io.decidr.eventstore.testing.TestPostgres;
import java.time.Duration;

/**
 * A process that relays and consumes ({@link RelayStack}) until it is killed:
 * {@code java -cp <test classpath> io.decidr.messaging.relay.RelayChild <host> <port> <database> <holder> <standby poll ms>}.
 */
public final class RelayChild {

    static final String READY = "relay child ready";

    private RelayChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestPostgres.Database database = new TestPostgres.Database(args[0], Integer.parseInt(args[1]), args[2]);
        RelayStack stack = new RelayStack(database, args[3],
                RelayStack.quick(Duration.ofMillis(Long.parseLong(args[4]))), event -> { });
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join(); // until killed
        stack.close();
    }
}
